// Dex on the Flex Consumption plan: .NET 10 isolated worker, user-assigned identity for everything,
// identity-based host storage (no keys anywhere), the deployment package in a blob container read
// with the same identity, and the Dex settings (secrets as Key Vault references).

@description('Function app name (also the default host name prefix).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan.')
param tags object

@description('Tags applied to the function app; must include azd-service-name.')
param appTags object

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Resource id of the host\'s own identity (AzureWebJobsStorage and the deployment package; account-level storage roles).')
param hostIdentityId string

@description('Client id of the host\'s own identity.')
param hostIdentityClientId string

@description('Storage account used by the host (AzureWebJobsStorage) and for the deployment package.')
param storageAccountName string

@description('Blob endpoint of that account, ending with "/".')
param storageBlobEndpoint string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Table endpoint used by Dex for audit and one-time credentials.')
param tableServiceUri string

@description('Blob endpoint for attachments and discovery snapshots.')
param blobServiceUri string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Fully qualified Service Bus namespace.')
param serviceBusNamespace string

@description('Service Bus topic for notifications.')
param notificationTopic string

@description('Key Vault references: approvalSigningKey, credentialEncryptionKey, webhookSecret, teamsSigningKey, slackSigningSecret (the last three may be empty).')
param keyVaultReferences object

@description('Azure OpenAI endpoint; empty to use the rule-based parser.')
param openAIEndpoint string = ''

@description('Azure OpenAI deployment name; empty to use the rule-based parser.')
param openAIDeployment string = ''

@description('NCRONTAB schedule of the Discovery timer.')
param discoverySchedule string = '0 0 2 * * *'

@description('Upper bound of Flex Consumption instances (40 is the lowest the platform accepts).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Client id of the Entra app registration for App Service Authentication; empty = platform authentication off (Dex refuses approval and credential pages).')
param signInClientId string = ''

@description('Versionless Key Vault key URI that signs audit checkpoints (Dex__Audit__CheckpointKeyId); empty for none.')
param auditCheckpointKeyUri string = ''

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: appTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
      '${hostIdentityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: hostIdentityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or basic-auth SCM publishing: azd deploys Flex Consumption apps with an Entra token.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Settings every deployment has. Functions maps "__" to the ":" configuration separator.
var baseSettings = {
  // Host storage and the Durable Functions task hub, identity-based (shared keys are off).
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: hostIdentityClientId
  // Telemetry, Entra-authenticated ingestion.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
  // DefaultAzureCredential / ManagedIdentityCredential pick the user-assigned identity.
  AZURE_CLIENT_ID: identityClientId
  Dex__Graph__Mode: 'Live'
  Dex__Graph__TenantId: tenant().tenantId
  Dex__Graph__ManagedIdentityClientId: identityClientId
  Dex__Approvals__SigningKey: keyVaultReferences.approvalSigningKey
  Dex__Secrets__EncryptionKey: keyVaultReferences.credentialEncryptionKey
  Dex__State__TableServiceUri: tableServiceUri
  Dex__State__BlobServiceUri: blobServiceUri
  Dex__Notifications__ServiceBusNamespace: serviceBusNamespace
  Dex__Notifications__Topic: notificationTopic
  Dex__Discovery__Schedule: discoverySchedule
  Dex__Audit__CheckpointKeyId: auditCheckpointKeyUri
  Dex__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
}

// Optional settings are left out entirely (not set to "") when not configured, so Dex sees them as absent.
var openAISettings = empty(openAIEndpoint) ? {} : {
  Dex__OpenAI__Endpoint: openAIEndpoint
  Dex__OpenAI__Deployment: openAIDeployment
}
var webhookSettings = {
  Dex__Webhook__Secret: keyVaultReferences.webhookSecret
}
// Easy Auth redeems sign-in codes with a federated credential of the app's managed identity, not a client secret:
// the app registration trusts the identity (infra/scripts/signin-app.sh adds that federated credential).
var signInSettings = empty(signInClientId) ? {} : {
  OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId
}
var teamsSettings = empty(keyVaultReferences.teamsSigningKey) ? {} : {
  Dex__Teams__SigningKey: keyVaultReferences.teamsSigningKey
}
var slackSettings = empty(keyVaultReferences.slackSigningSecret) ? {} : {
  Dex__Slack__SigningSecret: keyVaultReferences.slackSigningSecret
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(baseSettings, openAISettings, webhookSettings, signInSettings, teamsSettings, slackSettings)
}

// App Service Authentication with the Entra provider. Everything needs a signed-in person except what authenticates
// itself: the chat webhooks (HMAC signatures, checked by Dex before anything else) and the health probe. Dex reads the
// platform's client principal (X-MS-CLIENT-PRINCIPAL) only while WEBSITE_AUTH_ENABLED says the platform strips it.
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(signInClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/api/messages'
        '/api/messages/teams'
        '/api/messages/slack'
        '/api/health'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          clientId: signInClientId
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
        }
        validation: {
          allowedAudiences: [
            signInClientId
            'api://${signInClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
      preserveUrlFragmentsForLogins: false
      cookieExpiration: {
        convention: 'FixedTime'
        timeToExpiration: '01:00:00'
      }
      nonce: {
        validateNonce: true
      }
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
  }
  dependsOn: [appSettings]
}

@description('Function app name.')
output name string = site.name

@description('Default host name.')
output defaultHostName string = site.properties.defaultHostName

@description('Public base URL of the app (Dex__PublicBaseUrl).')
output url string = 'https://${site.properties.defaultHostName}'

@description('Flex Consumption plan name.')
output planName string = plan.name
