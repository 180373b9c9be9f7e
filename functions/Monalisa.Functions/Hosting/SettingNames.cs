namespace Monalisa.Functions.Hosting;

/// <summary>
/// Every configuration key the app reads, written once. In Azure they are app settings (":" becomes "__");
/// a test checks that the Bicep template sets each of them.
/// </summary>
internal static class SettingNames
{
    /// <summary>Table and queue service: a connection string locally, service URIs + managed identity in Azure.</summary>
    public const string Storage = "Storage";
    public const string StorageConnectionString = "Storage:ConnectionString";

    /// <summary>The public site's origin, for links in emails and redirects (e.g. https://formation.monalisa-asso.fr).</summary>
    public const string SiteBaseUrl = "Site:BaseUrl";
}
