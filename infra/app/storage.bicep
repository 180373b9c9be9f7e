// Storage account: the app's tables and email queue, the Functions host's own blobs/queues, and the Flex deployment container.
// No keys: shared-key access is off, so only Entra ID identities with a data role get in.

param name string
param location string
param tags object

@description('Blob container holding the Function App package (Flex Consumption deploys from it).')
param deploymentContainerName string

// = TableNames.All in functions/Monalisa.Functions/Storage/StorageNames.cs (a test checks). The app also creates them
// at start (StorageSetup), so a missing table never breaks a request; the template makes them exist from day one.
var tableNames = [
  'Enrolments'
  'IntraRequests'
  'Idempotency'
  'RateLimits'
  'StaffAudit'
  'Ledger'
  'Attendance'
  'Surveys'
  'Certificates'
]

// = QueueNames.All, plus the poison queue the Functions host moves a message to after maxDequeueCount (host.json) failures.
var queueNames = [
  'email-outbox'
  'billing'
  'certificates'
  'email-outbox-poison'
  'billing-poison'
  'certificates-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
