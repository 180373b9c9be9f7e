// MONALISA on Azure: the static site, the API on Functions Flex Consumption, Table Storage, Key Vault, monitoring.
// One deployment per environment into an existing resource group:
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.<env>.bicepparam
// Resource-group scope: staff (or the CI identity) need rights on that group only, not on the subscription.

targetScope = 'resourceGroup'

@description('Environment name, part of every resource name.')
@allowed([
  'staging'
  'prod'
])
param environmentName string

@description('Region of everything but the Static Web App. Flex Consumption exists in francecentral.')
param location string = resourceGroup().location

@description('Region of the Static Web App (it serves from a global CDN; only a few regions host its control plane).')
@allowed([
  'westeurope'
  'centralus'
  'eastus2'
  'westus2'
  'eastasia'
])
param staticWebAppLocation string = 'westeurope'

@description('Optional custom domain of the site (e.g. formations.monalisa-asso.fr), once bound to the Static Web App. Empty: the default *.azurestaticapps.net host.')
param siteCustomDomain string = ''

@description('Upper bound on Function App instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

@description('Always ready instances for the HTTP functions: no cold start for the first visitor after a quiet spell, billed all the time (docs/deploy.md, « Premier visiteur »). 0: none, the default.')
@minValue(0)
@maxValue(3)
param alwaysReadyHttpInstances int = 0

@description('WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED: a pre-started .NET worker specialised on the first request (shorter cold start). False only as the workaround of Azure/azure-functions-dotnet-worker#3335 (exit code 139 on .NET 10, Flex Consumption).')
param dotnetIsolatedPlaceholder bool = true

@description('Memory per Function App instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Sender address of every email (must be a verified sender in SendGrid).')
param emailFromAddress string

@description('Sender display name.')
param emailFromName string

@description('Staff who receive enrolment notifications, separated by ";".')
param emailStaffRecipients string

@description('Reply-To address of the emails sent to trainees.')
param emailReplyTo string

@description('Optional object id of the staff member or group allowed to set the secrets in Key Vault.')
param staffPrincipalId string = ''

@description('Type of staffPrincipalId.')
@allowed([
  'User'
  'Group'
])
param staffPrincipalType string = 'Group'

@description('Entra ID tenant (directory) where staff sign in: Easy Auth accepts only its tokens, and the app pins it too.')
param staffTenantId string = tenant().tenantId

@description('Application (client) ID of the staff app registration (created out of band, docs/deploy.md), with the app roles staff and trainer.')
@minLength(36)
@maxLength(36)
param staffAppClientId string

@description('Chorus Pro through PISTE (production by default; staging uses the PISTE sandbox and Chorus Pro qualification).')
param chorusProBaseUrl string = 'https://api.piste.gouv.fr'
param chorusProTokenUrl string = 'https://oauth.piste.gouv.fr/api/oauth/token'

var token = uniqueString(resourceGroup().id, environmentName)
var tags = {
  application: 'monalisa-formations'
  environment: environmentName
}
var functionAppName = 'func-monalisa-${environmentName}-${token}'

module identity 'app/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-monalisa-${environmentName}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'stmonalisa${token}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-monalisa-${environmentName}'
    applicationInsightsName: 'appi-monalisa-${environmentName}'
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-monalisa-${take(token, 10)}'
    location: location
    tags: tags
  }
}

module staticWebApp 'app/staticwebapp.bicep' = {
  name: 'staticwebapp'
  params: {
    name: 'stapp-monalisa-${environmentName}'
    location: staticWebAppLocation
    tags: tags
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    staffPrincipalId: staffPrincipalId
    staffPrincipalType: staffPrincipalType
  }
}

var siteUrl = empty(siteCustomDomain) ? staticWebApp.outputs.url : 'https://${siteCustomDomain}'

module functionApp 'app/functionapp.bicep' = {
  name: 'functionapp'
  // The app starts with its roles in place: storage, Key Vault references and telemetry work from the first request.
  dependsOn: [
    roles
  ]
  params: {
    planName: 'plan-monalisa-${environmentName}'
    name: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    keyVaultUri: keyVault.outputs.uri
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    siteUrl: siteUrl
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    dotnetIsolatedPlaceholder: dotnetIsolatedPlaceholder
    instanceMemoryMB: instanceMemoryMB
    emailFromAddress: emailFromAddress
    emailFromName: emailFromName
    emailStaffRecipients: emailStaffRecipients
    emailReplyTo: emailReplyTo
    staffTenantId: staffTenantId
    staffAppClientId: staffAppClientId
    chorusProBaseUrl: chorusProBaseUrl
    chorusProTokenUrl: chorusProTokenUrl
  }
}

@description('The public site.')
output siteUrl string = siteUrl

@description('The API base URL, for the site\'s settings (the site calls it directly, with CORS).')
output apiUrl string = '${functionApp.outputs.url}/api'

@description('The endpoint to register in Stripe (Developers > Webhooks).')
output stripeWebhookUrl string = '${functionApp.outputs.url}/api/stripe/webhook'

output functionAppName string = functionApp.outputs.name
output staticWebAppName string = staticWebApp.outputs.name
output keyVaultName string = keyVault.outputs.name
