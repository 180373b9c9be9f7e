// The Function App's user-assigned managed identity: the only principal that reads storage, Key Vault and App Insights.
// User-assigned (not system-assigned) so its roles exist before the app starts, and survive re-creating the app.

param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
