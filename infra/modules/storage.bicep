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

@description('Name of the app\'s user-assigned identity (Dex\'s own code): rights on Dex\'s tables and containers only.')
param identityName string

@description('Name of the Functions host\'s identity (AzureWebJobsStorage): account-level rights the host and task hub need.')
param hostIdentityName string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Storage queue that carries chat requests (the host adds "<name>-poison" itself).')
param requestQueueName string = 'dex-requests'

@description('Table for the audit log.')
param auditTableName string = 'DexAudit'

@description('Table for one-time credential links (encrypted values).')
param credentialTableName string = 'DexSecrets'

@description('Table for approval links already used (one decision per link).')
param approvalLinkTableName string = 'DexApprovalLinks'

@description('Table for time-bound grants.')
param grantTableName string = 'DexGrants'

@description('Table for the index of open questions (clarifications, confirmations) by requester and channel.')
param openQuestionTableName string = 'DexOpenQuestions'

@description('Blob container for message attachments (deleted once used).')
param attachmentContainerName string = 'dex-attachments'

@description('Blob container for discovery snapshots.')
param discoveryContainerName string = 'dex-discovery'

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
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource hostIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: hostIdentityName
}

// Every table and container Dex's own code uses; the app identity gets a role on each of these and nothing else.
var dexTables = [
  auditTableName
  credentialTableName
  approvalLinkTableName
  grantTableName
  openQuestionTableName
]
var dexContainers = [
  auditCheckpointContainerName
  attachmentContainerName
  discoveryContainerName
]

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

resource dataContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [for c in [attachmentContainerName, discoveryContainerName]: {
  parent: blobService
  name: c
  properties: {
    publicAccess: 'None'
  }
}]

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

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [for t in dexTables: {
  parent: tableService
  name: t
}]

// Dex's own code (the app identity): Table Data Contributor on each of its tables, Blob Data Contributor on each of
// its containers, nothing at account level, so it can neither read nor alter the task hub's tables, queues and
// blobs, the deployment package, or any table or container added later. The checkpoint container stays append-only
// for it too: the WORM policy refuses rewrites and deletes whatever the role says.
resource appTableRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (t, i) in dexTables: {
  name: guid(tables[i].id, identity.id, roles.tableDataContributor)
  scope: tables[i]
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
  }
}]

resource appCheckpointRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditCheckpointContainer.id, identity.id, roles.blobDataContributor)
  scope: auditCheckpointContainer
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
  }
}

resource appContainerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (c, i) in [attachmentContainerName, discoveryContainerName]: {
  name: guid(dataContainers[i].id, identity.id, roles.blobDataContributor)
  scope: dataContainers[i]
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
  }
}]

// The Functions host (AzureWebJobsStorage, its own identity) keeps account-level roles: the Durable Functions Azure
// Storage provider creates and uses its task hub's tables (History, Instances), control and work-item queues and
// lease containers by name at run time, the queue trigger reads the intake queue and its poison queue, and the host
// keeps timer and singleton leases; none of these can be scoped to resources that exist before it runs.
// Blob Data Owner (not Contributor): the host and the task hub manage blob leases and containers; the Flex
// Consumption platform reads the package.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, hostIdentity.id, roles.blobDataOwner)
  scope: account
  properties: {
    principalId: hostIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataOwner)
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, hostIdentity.id, roles.queueDataContributor)
  scope: account
  properties: {
    principalId: hostIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataContributor)
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, hostIdentity.id, roles.tableDataContributor)
  scope: account
  properties: {
    principalId: hostIdentity.properties.principalId
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
output auditTableName string = auditTableName

@description('Name of the audit checkpoint container.')
output auditCheckpointContainerName string = auditCheckpointContainer.name

@description('Name of the credential table.')
output credentialTableName string = credentialTableName

@description('Tables of Dex\'s own code (the app identity holds Table Data Contributor on each).')
output dexTableNames array = dexTables

@description('Containers of Dex\'s own code (the app identity holds Blob Data Contributor on each).')
output dexContainerNames array = dexContainers
