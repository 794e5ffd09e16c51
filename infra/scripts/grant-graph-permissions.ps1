#!/usr/bin/env pwsh
<#
.SYNOPSIS
  Grants Dex's managed identity its Microsoft Graph application permissions and Entra directory roles.

.DESCRIPTION
  PowerShell twin of grant-graph-permissions.sh (same behaviour, same environment variables).
  1. Microsoft Graph application permissions: app role assignments on the Microsoft Graph service principal.
  2. Entra directory roles for password and MFA resets: unified RBAC role assignments at tenant scope ("/").
  Idempotent: what is already granted is reported and left alone. Runs as the azd postprovision hook on
  Windows or by hand. Needs the Azure CLI signed in (az login --tenant <tenant>) as a Privileged Role
  Administrator or Global Administrator.

.EXAMPLE
  ./infra/scripts/grant-graph-permissions.ps1 -PrincipalId 00000000-0000-0000-0000-000000000000 -DryRun
#>
[CmdletBinding()]
param(
    [string] $PrincipalId = $env:AZURE_MANAGED_IDENTITY_PRINCIPAL_ID,
    [string] $Roles = $(if ($env:DEX_DIRECTORY_ROLES) { $env:DEX_DIRECTORY_ROLES } else { 'Authentication Administrator' }),
    [switch] $Privileged,
    [switch] $WithAppAssignments,
    [switch] $SkipRoles,
    [switch] $DryRun
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$GraphAppId = '00000003-0000-0000-c000-000000000000'
$Graph = 'https://graph.microsoft.com/v1.0'

# Application permissions Dex needs, and no more (docs/deploy.md justifies each; /api/setup/validate reports missing and excess).
$Permissions = [System.Collections.Generic.List[string]]@(
    'User.ReadWrite.All',
    'GroupMember.ReadWrite.All',
    'UserAuthenticationMethod.ReadWrite.All',
    'IdentityRiskyUser.ReadWrite.All',
    'ProfilePhoto.ReadWrite.All',
    'Application.Read.All',
    'Organization.Read.All',
    'RoleManagement.Read.Directory',
    'AdministrativeUnit.Read.All'
)
# Permissions a tenant may not offer yet; a missing one is skipped (User.ReadWrite.All covers it).
$OptionalPermissions = @('ProfilePhoto.ReadWrite.All')

# Built-in directory role template ids (the same in every tenant).
$RoleTemplates = @{
    'Authentication Administrator'            = 'c4e39bd9-1100-46d3-8c65-fb160da0071f'
    'Helpdesk Administrator'                  = '729827e3-9c14-49f7-bb1b-9608f156bbb8'
    'Password Administrator'                  = '966707d0-3269-4727-9be2-8c3a10f19b9d'
    'User Administrator'                      = 'fe930be7-5e62-47db-91af-98c3a49a38b1'
    'Privileged Authentication Administrator' = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13'
}

function Write-Step([string] $Message) { Write-Host "[grant-graph] $Message" }
function Stop-WithError([string] $Message) { $Host.UI.WriteErrorLine("[grant-graph] ERROR: $Message"); exit 1 }
function Test-Flag([string] $Value) { return $Value -eq 'true' }

if ($env:DEX_PRIVILEGED_TARGETS -eq 'true') { $Privileged = $true }
if ($env:DEX_GRANT_APP_ASSIGNMENTS -eq 'true') { $WithAppAssignments = $true }
if ($env:DEX_SKIP_DIRECTORY_ROLES -eq 'true') { $SkipRoles = $true }
if ($env:DEX_DRY_RUN -eq 'true') { $DryRun = $true }

if (Test-Flag $env:DEX_SKIP_GRAPH_GRANT) {
    Write-Step "DEX_SKIP_GRAPH_GRANT=true: skipping. Grant the permissions later (docs/deploy.md, 'Manual grant')."
    exit 0
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Stop-WithError 'the Azure CLI (az) is required: https://aka.ms/azure-cli'
}

# Runs az and returns its output lines; throws on a non-zero exit code.
function Invoke-Az([string[]] $Arguments) {
    $output = & az @Arguments
    if ($LASTEXITCODE -ne 0) { throw "az $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
    return @($output | Where-Object { $_ -and $_.Trim() })
}

function Invoke-GraphGet([string] $Url, [string] $Query) {
    return Invoke-Az @('rest', '--method', 'get', '--url', $Url, '--query', $Query, '--output', 'tsv')
}

function Invoke-GraphPost([string] $Url, [hashtable] $Body) {
    $json = $Body | ConvertTo-Json -Compress
    if ($DryRun) { Write-Step "  (dry run) POST $Url $json"; return }
    # az on Windows mangles inline JSON quotes; pass the body through a file.
    $file = New-TemporaryFile
    try {
        Set-Content -LiteralPath $file -Value $json -Encoding utf8NoBOM
        Invoke-Az @('rest', '--method', 'post', '--url', $Url, '--headers', 'Content-Type=application/json', '--body', "@$file", '--output', 'none') | Out-Null
    }
    finally {
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    }
}

$signedInTenant = (& az account show --query tenantId --output tsv 2>$null)
if ($LASTEXITCODE -ne 0 -or -not $signedInTenant) {
    Stop-WithError "the Azure CLI is not signed in: run 'az login --tenant $($env:AZURE_TENANT_ID)'"
}
if ($env:AZURE_TENANT_ID -and $signedInTenant -ne $env:AZURE_TENANT_ID) {
    Stop-WithError "the Azure CLI is signed in to tenant $signedInTenant, but Dex is in $($env:AZURE_TENANT_ID): run 'az login --tenant $($env:AZURE_TENANT_ID)'"
}
Write-Step "tenant: $signedInTenant"

if (-not $PrincipalId -and $env:AZURE_MANAGED_IDENTITY_CLIENT_ID) {
    Write-Step "looking up the service principal of client id $($env:AZURE_MANAGED_IDENTITY_CLIENT_ID)"
    $PrincipalId = (Invoke-GraphGet "$Graph/servicePrincipals(appId='$($env:AZURE_MANAGED_IDENTITY_CLIENT_ID)')?`$select=id" 'id') | Select-Object -First 1
}
if (-not $PrincipalId) {
    Stop-WithError 'no principal: set AZURE_MANAGED_IDENTITY_PRINCIPAL_ID (azd output) or pass -PrincipalId'
}

# A managed identity's service principal can take a minute to replicate to Microsoft Graph.
$principalName = $null
foreach ($attempt in 1..10) {
    try {
        $principalName = (Invoke-GraphGet "$Graph/servicePrincipals/$PrincipalId`?`$select=displayName" 'displayName') | Select-Object -First 1
        break
    }
    catch {
        if ($attempt -eq 10) { Stop-WithError "service principal $PrincipalId not found in Microsoft Graph" }
        Write-Step "service principal $PrincipalId not visible yet; retrying in 10 s ($attempt/10)"
        Start-Sleep -Seconds 10
    }
}
Write-Step "managed identity: $principalName (service principal $PrincipalId)"
if ($DryRun) { Write-Step 'DRY RUN: nothing will be changed' }

# ---- 1. Microsoft Graph application permissions ----
$graphSpId = (Invoke-GraphGet "$Graph/servicePrincipals(appId='$GraphAppId')?`$select=id" 'id') | Select-Object -First 1
if (-not $graphSpId) { Stop-WithError 'the Microsoft Graph service principal was not found in this tenant' }
Write-Step "Microsoft Graph service principal: $graphSpId"

$appRoleIds = @{}
foreach ($line in Invoke-GraphGet "$Graph/servicePrincipals/$graphSpId`?`$select=appRoles" "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]") {
    $parts = $line -split "`t"
    if ($parts.Count -ge 2) { $appRoleIds[$parts[0]] = $parts[1] }
}

$assigned = @{}
foreach ($roleId in Invoke-GraphGet "$Graph/servicePrincipals/$PrincipalId/appRoleAssignments" "value[?resourceId=='$graphSpId'].appRoleId") {
    $assigned[$roleId.Trim()] = $true
}

if ($WithAppAssignments) {
    Write-Step 'WARNING: adding AppRoleAssignment.ReadWrite.All (enterprise-app grant_access). This permission lets'
    Write-Step '         its holder grant itself any other permission; give it only if you accept that.'
    $Permissions.Add('AppRoleAssignment.ReadWrite.All')
}

$granted = 0; $present = 0; $skipped = 0
foreach ($permission in $Permissions) {
    $roleId = $appRoleIds[$permission]
    if (-not $roleId) {
        if ($OptionalPermissions -contains $permission) {
            Write-Step "skip    ${permission}: not offered by Microsoft Graph in this tenant (User.ReadWrite.All covers it)"
            $skipped++
            continue
        }
        Stop-WithError "Microsoft Graph has no application permission named $permission"
    }
    if ($assigned.ContainsKey($roleId)) {
        Write-Step "present $permission"
        $present++
        continue
    }
    Write-Step "grant   $permission ($roleId)"
    Invoke-GraphPost "$Graph/servicePrincipals/$PrincipalId/appRoleAssignments" @{
        principalId = $PrincipalId
        resourceId  = $graphSpId
        appRoleId   = $roleId
    }
    $granted++
}
$grantedLabel = if ($DryRun) { 'to grant' } else { 'granted' }
Write-Step "Graph permissions: $granted $grantedLabel, $present already present, $skipped skipped"

# ---- 2. Entra directory roles ----
if ($SkipRoles) {
    Write-Step 'directory roles: skipped (-SkipRoles / DEX_SKIP_DIRECTORY_ROLES=true)'
    exit 0
}

$roleNames = [System.Collections.Generic.List[string]]::new()
foreach ($name in ($Roles -split ',')) { if ($name.Trim()) { $roleNames.Add($name.Trim()) } }
if ($Privileged) {
    Write-Step 'WARNING: assigning Privileged Authentication Administrator: Dex will be able to reset passwords'
    Write-Step '         and MFA of every administrator, Global Administrators included.'
    $roleNames.Add('Privileged Authentication Administrator')
}

$held = @{}
foreach ($definitionId in Invoke-GraphGet "$Graph/roleManagement/directory/roleAssignments?`$filter=principalId%20eq%20'$PrincipalId'" "value[?directoryScopeId=='/'].roleDefinitionId") {
    $held[$definitionId.Trim()] = $true
}

foreach ($role in $roleNames) {
    $templateId = $RoleTemplates[$role]
    if (-not $templateId) {
        Stop-WithError "unknown directory role '$role' (known: $($RoleTemplates.Keys -join ', '))"
    }
    if ($held.ContainsKey($templateId)) {
        Write-Step "present role $role"
        continue
    }
    Write-Step "assign  role $role ($templateId) at tenant scope"
    Invoke-GraphPost "$Graph/roleManagement/directory/roleAssignments" @{
        principalId      = $PrincipalId
        roleDefinitionId = $templateId
        directoryScopeId = '/'
    }
}
Write-Step 'done. Check with: POST <DEX_PUBLIC_BASE_URL>/api/setup/validate'
