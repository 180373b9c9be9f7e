// Key Vault in RBAC mode for the third-party secrets (Stripe secret key, Stripe webhook secret, SendGrid key, Chorus Pro / PISTE identifiers).
// The template declares no secret resource: a secret resource must carry a value, and redeploying it would overwrite
// what staff set. Staff set the values once with `az keyvault secret set` (docs/deploy.md); the app settings refer to
// them by URI, without a version, so a new value is picked up without redeploying.

param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
