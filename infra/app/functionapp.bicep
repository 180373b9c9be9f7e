// The API: a Function App on Flex Consumption (FC1), .NET 10 isolated worker, running as the user-assigned identity.
// Every connection is identity-based: no connection string, no account key, no secret value in an app setting.

param planName string
param name string
param location string
param tags object

@description('Resource id and client id of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string

param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainerUrl string

param keyVaultUri string
param applicationInsightsConnectionString string

@description('The public site: base URL for links and Stripe return URLs, and the only origin CORS lets call the API.')
param siteUrl string

@description('Upper bound on instances Flex may scale out to (also a cost bound).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Always ready instances for the HTTP trigger group (0: none).')
@minValue(0)
param alwaysReadyHttpInstances int

@description('Whether the platform may start the app from a pre-started .NET isolated worker (placeholder).')
param dotnetIsolatedPlaceholder bool

@description('Memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

param emailFromAddress string
param emailFromName string
param emailStaffRecipients string
param emailReplyTo string

@description('Entra ID tenant of the staff, and the client id of the staff app registration (Easy Auth\'s Entra ID provider).')
param staffTenantId string
param staffAppClientId string

@description('Chorus Pro through PISTE: the API gateway and the OAuth2 token endpoint (production, or the sandbox for staging).')
param chorusProBaseUrl string
param chorusProTokenUrl string

// Key Vault secret names: the values are set by staff (docs/deploy.md), never by this template.
var secretNames = {
  stripeSecretKey: 'stripe-secret-key'
  stripeWebhookSecret: 'stripe-webhook-secret'
  sendGridApiKey: 'sendgrid-api-key'
  abuseSecret: 'abuse-secret'
  enrolmentLockKey: 'enrolment-lock-key'
  // Chorus Pro: the PISTE application's OAuth2 client, and the technical user of the association's Chorus Pro account.
  chorusProClientId: 'chorus-pro-client-id'
  chorusProClientSecret: 'chorus-pro-client-secret'
  chorusProTechnicalLogin: 'chorus-pro-technical-login'
  chorusProTechnicalPassword: 'chorus-pro-technical-password'
  // The editor (/admin/, Decap CMS): the GitHub OAuth App staff sign in through (docs/deploy.md, « Éditeur »).
  cmsGitHubClientId: 'cms-github-client-id'
  cmsGitHubClientSecret: 'cms-github-client-secret'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references are resolved with this identity (it holds Key Vault Secrets User).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: [
          siteUrl
        ]
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // The HTTP functions' group ('http'): kept warm only when asked, since each such instance is billed all the time.
        alwaysReady: alwaysReadyHttpInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Publishing with a user name and password stays off: deployments authenticate with Entra ID.
  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  // Flex takes the worker runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION
  // must not be set here. Keys are SettingNames with "__" for ":" (a test checks every [AppSetting] key is here).
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // The Functions host's own storage (triggers, leases, keys): identity-based.
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: blobEndpoint
      AzureWebJobsStorage__queueServiceUri: queueEndpoint
      AzureWebJobsStorage__tableServiceUri: tableEndpoint

      // The app's table and queue clients (Microsoft.Extensions.Azure binds these to the clients' constructor
      // parameters: TableServiceClient(endpoint, credential), QueueServiceClient(serviceUri, credential)).
      Storage__endpoint: tableEndpoint
      Storage__serviceUri: queueEndpoint
      Storage__credential: 'managedidentity'
      Storage__clientId: identityClientId

      // Telemetry with Entra ID: Application Insights accepts no key-only ingestion.
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

      Site__BaseUrl: siteUrl

      // The first request of a new instance is served by a pre-started .NET worker, specialised with this app
      // (docs/deploy.md, « Premier visiteur »); '0' is the workaround of dotnet-worker#3335 if the worker crashes.
      WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED: dotnetIsolatedPlaceholder ? '1' : '0'

      // Secrets: Key Vault references without a version, so a new value is used after the next refresh or restart.
      Stripe__SecretKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.stripeSecretKey})'
      Stripe__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.stripeWebhookSecret})'
      SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.sendGridApiKey})'
      // Signs form tokens and keys the hashes of rate-limit and per-payer counters: any random value of 32+ characters.
      Abuse__Secret: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.abuseSecret})'
      // Keys the one-person-one-place locks (HMAC of the address): changing it frees every existing lock.
      Enrolment__LockKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.enrolmentLockKey})'

      // Public buyers' directory and invoice deposits (the app refuses to start without all six).
      ChorusPro__BaseUrl: chorusProBaseUrl
      ChorusPro__TokenUrl: chorusProTokenUrl
      ChorusPro__ClientId: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.chorusProClientId})'
      ChorusPro__ClientSecret: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.chorusProClientSecret})'
      ChorusPro__TechnicalLogin: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.chorusProTechnicalLogin})'
      ChorusPro__TechnicalPassword: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.chorusProTechnicalPassword})'

      // The editor's GitHub sign-in (api/cms/auth, api/cms/callback). Until both secrets are saved, the sign-in page
      // says it is not configured; nothing else waits on them.
      Cms__GitHubClientId: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.cmsGitHubClientId})'
      Cms__GitHubClientSecret: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.cmsGitHubClientSecret})'

      Email__FromAddress: emailFromAddress
      Email__FromName: emailFromName
      Email__StaffRecipients: emailStaffRecipients
      Email__ReplyTo: emailReplyTo

      // The app refuses a principal from another directory (Easy Auth's issuer already pins it: defence in depth).
      StaffIdentity__TenantId: staffTenantId
      // Links from staff emails to the console, which this app serves (its own origin, where Easy Auth's cookie lives).
      Api__BaseUrl: 'https://${app.properties.defaultHostName}'
      // WEBSITE_AUTH_ENABLED is never set here: App Service sets it only when its authentication really runs.
    }
  }

  // App Service Authentication (Easy Auth) with Entra ID, run by the platform in front of the app: it validates the
  // sign-in, keeps the session in its own encrypted cookie, sets X-MS-CLIENT-PRINCIPAL and strips that header from
  // clients. The public API stays open (AllowAnonymous): the app itself refuses staff routes without a staff principal.
  resource auth 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
        runtimeVersion: '~1'
      }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      httpSettings: {
        requireHttps: true
        routes: {
          apiPrefix: '/.auth'
        }
        forwardProxy: {
          convention: 'NoProxy'
        }
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: staffAppClientId
            // v2.0 issuer of this tenant only: accounts of other directories, and personal accounts, are refused.
            openIdIssuer: '${environment().authentication.loginEndpoint}${staffTenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [
              staffAppClientId
              'api://${staffAppClientId}'
            ]
          }
        }
      }
      login: {
        // No token store: the app calls no API for the user (no Graph), the id token's claims (roles) are all it
        // reads, and a store on Flex would need a blob SAS URL, a key this template never creates.
        tokenStore: {
          enabled: false
        }
        cookieExpiration: {
          convention: 'FixedTime'
          timeToExpiration: '08:00:00'
        }
        nonce: {
          validateNonce: true
        }
        preserveUrlFragmentsForLogins: false
      }
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
