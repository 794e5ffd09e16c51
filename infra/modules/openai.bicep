// Optional Azure OpenAI account + one chat model deployment for the "understand" step.
// Key-based auth is disabled; the app's identity gets Cognitive Services OpenAI User (inference only).

@description('Azure OpenAI account name (also its custom subdomain).')
@minLength(2)
@maxLength(64)
param name string

@description('Azure region (must offer the chosen model and SKU).')
param location string

@description('Tags applied to the account.')
param tags object

@description('Name of the app\'s user-assigned identity in this resource group.')
param identityName string

@description('Deployment name Dex calls (Dex__OpenAI__Deployment).')
param deploymentName string

@description('Model name.')
param modelName string

@description('Model version.')
param modelVersion string

@description('Deployment SKU, e.g. GlobalStandard or Standard.')
param skuName string

@description('Capacity in thousands of tokens per minute.')
@minValue(1)
param capacity int

var openAIUserRoleId = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: skuName
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
    versionUpgradeOption: 'OnceNewDefaultVersionAvailable'
  }
}

resource openAIUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, openAIUserRoleId)
  scope: account
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAIUserRoleId)
  }
}

@description('Account endpoint (Dex__OpenAI__Endpoint).')
output endpoint string = account.properties.endpoint

@description('Deployment name (Dex__OpenAI__Deployment).')
output deploymentName string = deployment.name

@description('Account name.')
output name string = account.name
