// Production. Secrets are not here: they live in Key Vault (docs/deploy.md).
// The email addresses are to be checked by staff before the first deployment (the sender must be verified in SendGrid).
using './main.bicep'

param environmentName = 'prod'
param maximumInstanceCount = 10
param instanceMemoryMB = 2048
param emailFromAddress = 'formations@monalisa-asso.fr'
param emailFromName = 'MONALISA Formations'
param emailStaffRecipients = 'formations@monalisa-asso.fr'
param emailReplyTo = 'formations@monalisa-asso.fr'
