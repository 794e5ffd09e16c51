// Key Vault in RBAC mode holding the secrets Dex reads through Key Vault references:
// approval-signing-key, credential-encryption-key and webhook-secret (always), teams-signing-key and
// slack-signing-secret (only when a value is supplied). The app's identity is Key Vault Secrets User;
// the deploying principal (azd's AZURE_PRINCIPAL_ID) is Key Vault Secrets Officer so that azd can read
// the generated keys back on the next provision and operators can set the chat secrets.

@description('Key Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Name of the app\'s user-assigned identity in this resource group (gets Key Vault Secrets User).')
param identityName string

@description('Object id of the deploying user or service principal; empty for none (gets Key Vault Secrets Officer).')
param deployerPrincipalId string = ''

@secure()
@description('Value of approval-signing-key (HMAC key for approval links).')
param approvalSigningKey string

@secure()
@description('Value of credential-encryption-key (encrypts one-time credential values at rest).')
param credentialEncryptionKey string

@secure()
@description('Value of webhook-secret (HMAC key of POST /api/messages and of queue messages).')
param webhookSecret string

@secure()
@description('Microsoft Teams outgoing-webhook security token (base64); ignored unless storeTeamsSigningKey.')
param teamsSigningKey string = ''

@secure()
@description('Slack app signing secret; ignored unless storeSlackSigningSecret.')
param slackSigningSecret string = ''

// Plain flags (not derived from the secure values inside this module) so that outputs never
// reference a secure parameter.
@description('Store teams-signing-key and reference it.')
param storeTeamsSigningKey bool = false

@description('Store slack-signing-secret and reference it.')
param storeSlackSigningSecret bool = false

@description('Public network access to the vault: Enabled, or Disabled when Dex reaches it through a private endpoint (docs/deploy.md).')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

@description('Soft-delete retention in days.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 7

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
// Key Vault Crypto User: sign and verify with a key, never export it.
var cryptoUserRoleId = '12338af0-0e69-4776-bea7-57ae8d297424'
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // A deleted vault (and its audit checkpoint key) cannot be purged before retention ends.
    enablePurgeProtection: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }
}

resource approvalSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'approval-signing-key'
  properties: {
    value: approvalSigningKey
    contentType: 'text/plain'
  }
}

resource credentialEncryptionKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'credential-encryption-key'
  properties: {
    value: credentialEncryptionKey
    contentType: 'text/plain'
  }
}

resource webhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'webhook-secret'
  properties: {
    value: webhookSecret
    contentType: 'text/plain'
  }
}

resource teamsSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (storeTeamsSigningKey) {
  parent: vault
  name: 'teams-signing-key'
  properties: {
    value: teamsSigningKey
    contentType: 'text/plain'
  }
}

resource slackSigningSecretSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (storeSlackSigningSecret) {
  parent: vault
  name: 'slack-signing-secret'
  properties: {
    value: slackSigningSecret
    contentType: 'text/plain'
  }
}

// Signs the audit trail's checkpoints (Dex__Audit__CheckpointKeyId); the private key never leaves the vault.
resource auditCheckpointKey 'Microsoft.KeyVault/vaults/keys@2025-05-01' = {
  parent: vault
  name: 'audit-checkpoint-key'
  properties: {
    kty: 'EC'
    curveName: 'P-256'
    keyOps: [
      'sign'
      'verify'
    ]
  }
}

// Scoped to the one key, not the vault.
resource appCheckpointKeyUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditCheckpointKey.id, identity.id, cryptoUserRoleId)
  scope: auditCheckpointKey
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cryptoUserRoleId)
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, secretsOfficerRoleId)
  scope: vault
  properties: {
    principalId: deployerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
  }
}

// Versionless secret URIs: a Key Vault reference built from them follows the latest version, so a
// rotated secret is picked up without redeploying the app.
func kvReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

@description('Key Vault name.')
output name string = vault.name

@description('Key Vault URI.')
output uri string = vault.properties.vaultUri

@description('Versionless URI of the audit checkpoint signing key (Dex__Audit__CheckpointKeyId).')
output auditCheckpointKeyUri string = auditCheckpointKey.properties.keyUri

@description('Key Vault references for the app settings; teamsSigningKey and slackSigningSecret are empty when not supplied.')
output references object = {
  approvalSigningKey: kvReference(approvalSigningKeySecret.properties.secretUri)
  credentialEncryptionKey: kvReference(credentialEncryptionKeySecret.properties.secretUri)
  webhookSecret: kvReference(webhookSecretSecret.properties.secretUri)
  teamsSigningKey: storeTeamsSigningKey ? kvReference(teamsSigningKeySecret!.properties.secretUri) : ''
  slackSigningSecret: storeSlackSigningSecret ? kvReference(slackSigningSecretSecret!.properties.secretUri) : ''
}
