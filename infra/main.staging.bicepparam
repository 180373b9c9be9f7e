// Staging: same shape as prod, smaller scale bound. Secrets are not here: they live in Key Vault (docs/deploy.md).
// The email addresses are to be checked by staff before the first deployment (the sender must be verified in SendGrid).
using './main.bicep'

param environmentName = 'staging'
param maximumInstanceCount = 2
param instanceMemoryMB = 2048
param emailFromAddress = 'formations@monalisa-asso.fr'
param emailFromName = 'MONALISA Formations (recette)'
param emailStaffRecipients = 'formations@monalisa-asso.fr'
param emailReplyTo = 'formations@monalisa-asso.fr'
// The staff app registration's Application (client) ID, created once per environment (docs/deploy.md). Read from the
// environment, with no default, so that a deployment without it stops before it starts instead of breaking sign-in.
param staffAppClientId = readEnvironmentVariable('MONALISA_STAFF_APP_CLIENT_ID')
// Chorus Pro qualification (sandbox) for staging: its own PISTE application and technical user (docs/deploy.md).
param chorusProBaseUrl = 'https://sandbox-api.piste.gouv.fr'
param chorusProTokenUrl = 'https://sandbox-oauth.piste.gouv.fr/api/oauth/token'
