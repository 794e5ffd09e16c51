// Storage account for the Functions host (AzureWebJobsStorage, the Durable Functions task hub
// "DexHub"), the Flex Consumption deployment package, the intake queue and Dex's own tables.
// Shared key access is OFF: every caller authenticates with Entra ID (the app's managed identity).

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Name of the app\'s user-assigned identity in this resource group.')
param identityName string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Storage queue that carries chat requests (the host adds "<name>-poison" itself).')
param requestQueueName string = 'dex-requests'

@description('Table for the audit log.')
param auditTableName string = 'DexAudit'

@description('Table for one-time credential links (encrypted values).')
param credentialTableName string = 'DexSecrets'

@description('Blob container for signed audit checkpoints (append-only, under a WORM policy).')
param auditCheckpointContainerName string = 'dex-audit-checkpoints'

@description('Days an audit checkpoint stays immutable (time-based retention; appends stay allowed).')
@minValue(1)
@maxValue(146000)
param auditCheckpointRetentionDays int = 365

@description('Public network access to the account: Enabled, or Disabled when Dex reaches it through private endpoints (docs/deploy.md).')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

// Built-in role definition ids (the same in every tenant).
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Audit checkpoints live outside the audit table, in an append blob no one can rewrite or delete while the
// retention runs (allowProtectedAppendWrites lets Dex add blocks). Lock the policy once deployed
// (`az storage container immutability-policy lock`) to make it irrevocable.
resource auditCheckpointContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: auditCheckpointContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource auditCheckpointImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-01-01' = {
  parent: auditCheckpointContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditCheckpointRetentionDays
    allowProtectedAppendWrites: true
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource requestQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = {
  parent: queueService
  name: requestQueueName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource auditTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: auditTableName
}

resource secretsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = {
  parent: tableService
  name: credentialTableName
}

// Blob Data Owner (not Contributor): the Functions host and the Durable Functions Azure Storage
// provider manage blob leases and containers; the Flex Consumption platform reads the package.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, roles.blobDataOwner)
  scope: account
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataOwner)
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, roles.queueDataContributor)
  scope: account
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataContributor)
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, roles.tableDataContributor)
  scope: account
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
  }
}

@description('Storage account name (AzureWebJobsStorage__accountName).')
output name string = account.name

@description('Blob endpoint, ending with "/".')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Table endpoint without the trailing "/" (Dex__State__TableServiceUri).')
output tableServiceUri string = 'https://${account.name}.table.${environment().suffixes.storage}'

@description('Blob endpoint without the trailing "/" (Dex__State__BlobServiceUri: attachments and discovery snapshots).')
output blobServiceUri string = 'https://${account.name}.blob.${environment().suffixes.storage}'

@description('Name of the deployment package container.')
output deploymentContainerName string = deploymentContainer.name

@description('Name of the intake queue.')
output requestQueueName string = requestQueue.name

@description('Name of the audit table.')
output auditTableName string = auditTable.name

@description('Name of the audit checkpoint container.')
output auditCheckpointContainerName string = auditCheckpointContainer.name

@description('Name of the credential table.')
output credentialTableName string = secretsTable.name
