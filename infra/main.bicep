// Dex on Azure: the azd entry point (`azd up` / `azd provision`).
// Subscription scope: creates the resource group rg-<environmentName> (unless one is named) and
// everything Dex needs inside it. See docs/deploy.md for what is created and why.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used in resource names and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region for all resources. Must offer the Flex Consumption plan.')
param location string

@description('Object id of the user or service principal running azd (AZURE_PRINCIPAL_ID); gets Key Vault Secrets Officer. Empty to skip.')
param principalId string = ''

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@secure()
@description('approval-signing-key. Fill from azd (secretOrRandomPassword) so a re-provision keeps the existing key; anything shorter than 32 characters (including azd\'s first-run placeholder) is replaced by a freshly generated 64-character key.')
param approvalSigningKey string = ''

@secure()
@description('credential-encryption-key. Same rules as approvalSigningKey. Changing it makes stored one-time credentials unreadable.')
param credentialEncryptionKey string = ''

@secure()
@description('Fresh randomness for first-time key generation. Leave the default; never pass a value.')
param keyEntropy object = {
  approval1: newGuid()
  approval2: newGuid()
  encryption1: newGuid()
  encryption2: newGuid()
  webhook1: newGuid()
  webhook2: newGuid()
}

@secure()
@description('webhook-secret: the HMAC key front-ends sign POST /api/messages and queue messages with (X-Dex-Signature). Same rules as approvalSigningKey: azd reads it back from Key Vault, anything shorter than 32 characters is replaced by a generated key, so a fresh deployment is signed from the start (Dex refuses unsigned messages).')
param webhookSecret string = ''

@description('Client id of the Entra app registration approvers and credential recipients sign in with (App Service Authentication). The preprovision hook (infra/scripts/signin-app.sh) creates it and sets DEX_SIGNIN_CLIENT_ID. Empty = platform authentication off: Dex then refuses approval and credential pages (fail closed).')
param signInClientId string = ''

@secure()
@description('Optional Microsoft Teams outgoing-webhook security token (base64, shown once when the webhook is created).')
param teamsSigningKey string = ''

@secure()
@description('Optional Slack app signing secret.')
param slackSigningSecret string = ''

@description('Deploy an Azure OpenAI account and model deployment for request understanding.')
param deployOpenAI bool = false

@description('Region for Azure OpenAI; empty for the main location.')
param openAILocation string = ''

@description('Azure OpenAI model name.')
param openAIModelName string = 'gpt-4o-mini'

@description('Azure OpenAI model version.')
param openAIModelVersion string = '2024-07-18'

@description('Azure OpenAI deployment name (Dex__OpenAI__Deployment).')
param openAIDeploymentName string = 'dex-understand'

@description('Azure OpenAI deployment SKU.')
param openAIDeploymentSku string = 'GlobalStandard'

@minValue(1)
@description('Azure OpenAI capacity in thousands of tokens per minute.')
param openAICapacity int = 10

@description('NCRONTAB schedule of the Discovery timer (Dex__Discovery__Schedule).')
param discoverySchedule string = '0 0 2 * * *'

@minValue(40)
@maxValue(1000)
@description('Maximum Flex Consumption instances.')
param maximumInstanceCount int = 40

@description('Public network access to Storage and Key Vault: Disabled once private endpoints are in place (docs/deploy.md).')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

var abbrs = {
  resourceGroup: 'rg-'
  identity: 'id-'
  storage: 'st'
  logAnalytics: 'log-'
  applicationInsights: 'appi-'
  keyVault: 'kv-'
  serviceBus: 'sb-'
  openAI: 'oai-'
  plan: 'plan-'
  functionApp: 'func-'
}

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  app: 'dex'
}
var functionAppName = '${abbrs.functionApp}dex-${resourceToken}'
// The package container name is derived from the app name, as the azd Flex Consumption templates do.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// Keys: keep a supplied (or read-back) value of >= 32 characters; otherwise generate 2 GUIDs' worth
// of randomness (244 random bits) as 64 hex characters.
var generatedApprovalKey = '${replace(keyEntropy.approval1, '-', '')}${replace(keyEntropy.approval2, '-', '')}'
var generatedEncryptionKey = '${replace(keyEntropy.encryption1, '-', '')}${replace(keyEntropy.encryption2, '-', '')}'
var generatedWebhookSecret = '${replace(keyEntropy.webhook1, '-', '')}${replace(keyEntropy.webhook2, '-', '')}'
// Known at compile time, so role assignment names stay predictable for what-if.
var identityName = '${abbrs.identity}dex-${resourceToken}'
// A second identity for the Functions host alone (AzureWebJobsStorage: task hub, intake queue, deployment package),
// so the identity Dex's own code runs as holds rights on Dex's tables and containers only (modules/storage.bicep).
var hostIdentityName = '${abbrs.identity}dex-host-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: empty(resourceGroupName) ? '${abbrs.resourceGroup}${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module hostIdentity 'modules/identity.bicep' = {
  name: 'host-identity'
  scope: rg
  params: {
    name: hostIdentityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.logAnalytics}dex-${resourceToken}'
    applicationInsightsName: '${abbrs.applicationInsights}dex-${resourceToken}'
    location: location
    tags: tags
    identityName: identityName
  }
  dependsOn: [identity]
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storage}dex${resourceToken}'
    location: location
    tags: tags
    identityName: identityName
    hostIdentityName: hostIdentityName
    deploymentContainerName: deploymentContainerName
    publicNetworkAccess: publicNetworkAccess
  }
  dependsOn: [identity, hostIdentity]
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVault}dex-${resourceToken}'
    location: location
    tags: tags
    identityName: identityName
    deployerPrincipalId: principalId
    approvalSigningKey: length(approvalSigningKey) >= 32 ? approvalSigningKey : generatedApprovalKey
    credentialEncryptionKey: length(credentialEncryptionKey) >= 32 ? credentialEncryptionKey : generatedEncryptionKey
    webhookSecret: length(webhookSecret) >= 32 ? webhookSecret : generatedWebhookSecret
    teamsSigningKey: teamsSigningKey
    slackSigningSecret: slackSigningSecret
    storeTeamsSigningKey: !empty(teamsSigningKey)
    storeSlackSigningSecret: !empty(slackSigningSecret)
    publicNetworkAccess: publicNetworkAccess
  }
  dependsOn: [identity]
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: '${abbrs.serviceBus}dex-${resourceToken}'
    location: location
    tags: tags
    identityName: identityName
  }
  dependsOn: [identity]
}

module openAI 'modules/openai.bicep' = if (deployOpenAI) {
  name: 'openai'
  scope: rg
  params: {
    name: '${abbrs.openAI}dex-${resourceToken}'
    location: empty(openAILocation) ? location : openAILocation
    tags: tags
    identityName: identityName
    deploymentName: openAIDeploymentName
    modelName: openAIModelName
    modelVersion: openAIModelVersion
    skuName: openAIDeploymentSku
    capacity: openAICapacity
  }
  dependsOn: [identity]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.plan}dex-${resourceToken}'
    location: location
    tags: tags
    appTags: union(tags, { 'azd-service-name': 'functions' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    hostIdentityId: hostIdentity.outputs.id
    hostIdentityClientId: hostIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    tableServiceUri: storage.outputs.tableServiceUri
    blobServiceUri: storage.outputs.blobServiceUri
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    notificationTopic: serviceBus.outputs.topicName
    keyVaultReferences: keyVault.outputs.references
    openAIEndpoint: deployOpenAI ? openAI!.outputs.endpoint : ''
    openAIDeployment: deployOpenAI ? openAI!.outputs.deploymentName : ''
    discoverySchedule: discoverySchedule
    maximumInstanceCount: maximumInstanceCount
    signInClientId: signInClientId
    auditCheckpointKeyUri: keyVault.outputs.auditCheckpointKeyUri
  }
}

// Outputs: azd writes these into .azure/<env>/.env; the postprovision hook reads them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output DEX_PUBLIC_BASE_URL string = functionApp.outputs.url
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableServiceUri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_SERVICEBUS_TOPIC string = serviceBus.outputs.topicName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_OPENAI_ENDPOINT string = deployOpenAI ? openAI!.outputs.endpoint : ''
output DEX_SIGNIN_CLIENT_ID string = signInClientId
output DEX_SIGNIN_CALLBACK_URL string = '${functionApp.outputs.url}/.auth/login/aad/callback'
output AZURE_OPENAI_DEPLOYMENT string = deployOpenAI ? openAI!.outputs.deploymentName : ''
