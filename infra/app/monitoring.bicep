// Log Analytics + workspace-based Application Insights, both with local (key) auth off: telemetry is accepted only
// with an Entra ID token, here the app's identity holding Monitoring Metrics Publisher (see roles.bicep).

param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

@description('Daily ingestion cap in GB: a runaway log loop costs at most this much a day.')
param dailyQuotaGb int = 1

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

output applicationInsightsName string = applicationInsights.name
// The connection string names the ingestion endpoint; without local auth it grants nothing on its own.
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
