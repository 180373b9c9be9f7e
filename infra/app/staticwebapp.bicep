// The public site on Azure Static Web Apps, Free tier. The site calls the Function App by its absolute URL (CORS),
// because linking a backend needs the Standard tier and its support for Flex Consumption apps could not be verified.

param name string

@description('Static Web Apps exists in a few regions only; the content is served from a global CDN anyway.')
param location string
param tags object

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    // Content is uploaded by the deploy workflow with the deployment token, not pulled from a linked repository.
    provider: 'None'
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostname}'
