# The Entra app registration approvers and credential recipients sign in with (App Service Authentication).
# Same two idempotent steps as signin-app.sh: "create" (azd preprovision) and "finish" (azd postprovision).
param(
    [Parameter(Mandatory = $true)]
    [ValidateSet('create', 'finish')]
    [string] $Step
)
$ErrorActionPreference = 'Stop'

function Write-Step([string] $Message) { Write-Host "[signin-app] $Message" }

if ($env:DEX_SKIP_SIGNIN_APP -eq 'true') {
    Write-Step 'DEX_SKIP_SIGNIN_APP=true: skipped (approval and credential pages stay refused until sign-in is configured)'
    exit 0
}

$clientId = $env:DEX_SIGNIN_CLIENT_ID

if ($Step -eq 'create') {
    if ($clientId) {
        Write-Step "DEX_SIGNIN_CLIENT_ID=$clientId`: already set, nothing to create"
        exit 0
    }
    $envName = if ($env:AZURE_ENV_NAME) { $env:AZURE_ENV_NAME } else { 'dex' }
    $name = "Dex sign-in ($envName)"
    $clientId = az ad app list --display-name $name --query '[0].appId' -o tsv
    if (-not $clientId) {
        $clientId = az ad app create --display-name $name --sign-in-audience AzureADMyOrg --enable-id-token-issuance true --query appId -o tsv
        Write-Step "created app registration '$name' ($clientId)"
    }
    az ad sp show --id $clientId *> $null
    if ($LASTEXITCODE -ne 0) { az ad sp create --id $clientId | Out-Null }
    azd env set DEX_SIGNIN_CLIENT_ID $clientId
    Write-Step 'DEX_SIGNIN_CLIENT_ID saved in the azd environment'
    exit 0
}

if (-not $clientId) { throw 'DEX_SIGNIN_CLIENT_ID is empty: run signin-app.ps1 -Step create first (azd preprovision does)' }
$callback = $env:DEX_SIGNIN_CALLBACK_URL
$principal = $env:AZURE_MANAGED_IDENTITY_PRINCIPAL_ID
$tenant = if ($env:AZURE_TENANT_ID) { $env:AZURE_TENANT_ID } else { az account show --query tenantId -o tsv }
if (-not $callback) { throw 'DEX_SIGNIN_CALLBACK_URL is empty (a Bicep output; run after provisioning)' }
if (-not $principal) { throw 'AZURE_MANAGED_IDENTITY_PRINCIPAL_ID is empty (a Bicep output; run after provisioning)' }

az ad app update --id $clientId --web-redirect-uris $callback --enable-id-token-issuance true --identifier-uris "api://$clientId"
Write-Step "redirect URI $callback; application id URI api://$clientId"

$existing = az ad app federated-credential list --id $clientId --query "[?name=='dex-managed-identity'].name" -o tsv
if (-not $existing) {
    $credential = @{ name = 'dex-managed-identity'; issuer = "https://login.microsoftonline.com/$tenant/v2.0"; subject = $principal; audiences = @('api://AzureADTokenExchange') } | ConvertTo-Json -Compress
    az ad app federated-credential create --id $clientId --parameters $credential | Out-Null
    Write-Step "federated credential trusting the managed identity $principal added"
}
else {
    Write-Step 'federated credential dex-managed-identity already present'
}
