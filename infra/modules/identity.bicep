// User-assigned managed identity that Dex runs as. One identity is used for everything the app
// touches (host storage, Key Vault references, Service Bus, Application Insights ingestion,
// Azure OpenAI and Microsoft Graph), so the Graph grant step has exactly one principal to grant.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client (application) id, used for AZURE_CLIENT_ID and the identity-based connections.')
output clientId string = identity.properties.clientId

@description('Object id of the identity\'s service principal: the principal that Graph permissions are granted to.')
output principalId string = identity.properties.principalId

@description('Name of the identity.')
output name string = identity.name
