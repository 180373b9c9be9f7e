using System.Xml.Linq;
using Monalisa.Content;

namespace Monalisa.Site;

/// <summary>sitemap.xml (indexable pages only) and robots.txt pointing at it.</summary>
internal static class SitemapPipeline
{
    public const string FileName = "sitemap.xml";
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static void Run(SiteContext site, IReadOnlyList<GeneratedPage> pages)
    {
        var baseUrl = site.Settings.BaseUrl;
        var urls = pages.Where(p => !p.NoIndex).OrderBy(p => p.Url, StringComparer.Ordinal).Select(p =>
            new XElement(Ns + "url",
                new XElement(Ns + "loc", baseUrl + p.Url),
                p.LastModified is { } d ? new XElement(Ns + "lastmod", d.ToString("yyyy-MM-dd")) : null));
        // UTF-8 without a byte-order mark: some crawlers reject a sitemap that starts with one.
        using (var writer = System.Xml.XmlWriter.Create(Path.Combine(site.Options.Output, FileName),
                   new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true }))
            new XDocument(new XElement(Ns + "urlset", urls)).Save(writer);

        File.WriteAllText(Path.Combine(site.Options.Output, "robots.txt"), $"""
            User-agent: *
            Allow: /
            Disallow: /{SitePages.EnrolmentFolder}
            Disallow: /{SitePages.IntraRequestFolder}

            Sitemap: {baseUrl}/sitemap.xml

            """);
    }
}
