using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.FileProviders;

namespace Monalisa.Content.Text;

/// <summary>
/// The API's and the local host's HTML pages, inside the site's own layout (site/theme/_layout.liquid, compiled into
/// this library) and with the site's stylesheet and script at their published, fingerprinted URLs: same header, footer
/// and CSS as the static pages, and no inline style or script, so the site's strict CSP holds.
/// </summary>
public sealed class PageRenderer(IFileProvider pages)
{
    /// <summary>The functions' pages: site/theme/pages/*.liquid.</summary>
    public static readonly PageRenderer Api = new(Theme("pages"));

    private static readonly ResourceFiles ThemeRoot = Theme("theme");
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly FluidParser Parser = new();
    private static readonly Lazy<IFluidTemplate> Layout = new(() => Parse(ThemeRoot.Read("_layout.liquid"), "_layout.liquid"));
    /// <summary>Where the functions serve the theme's CSS and JS (see <see cref="Asset"/>): on the API's own origin, which the CSP's 'self' allows.</summary>
    public const string AssetsPath = "/api/assets/";

    private static readonly Lazy<SiteSettings> Site = new(SiteSettings.LoadEmbedded);
    private static readonly Lazy<IReadOnlyDictionary<string, (string ContentType, byte[] Bytes)>> Published = new(() =>
        new Dictionary<string, (string, byte[])>(StringComparer.Ordinal)
        {
            [AssetNames.Published("site.css", ThemeRoot.Bytes("assets/site.css"))] = ("text/css; charset=utf-8", ThemeRoot.Bytes("assets/site.css")),
            [AssetNames.Published("site.js", ThemeRoot.Bytes("assets/site.js"))] = ("text/javascript; charset=utf-8", ThemeRoot.Bytes("assets/site.js")),
            [AssetNames.Published("brand.css", Site.Value.Brand.Stylesheet())] = ("text/css; charset=utf-8", Site.Value.Brand.Stylesheet()),
        });
    private static readonly Lazy<object> Assets = new(() => new
    {
        Css = AssetsPath + Published.Value.Keys.Single(k => k.StartsWith("site.", StringComparison.Ordinal) && k.EndsWith(".css", StringComparison.Ordinal)),
        Js = AssetsPath + Published.Value.Keys.Single(k => k.EndsWith(".js", StringComparison.Ordinal)),
        BrandCss = AssetsPath + Published.Value.Keys.Single(k => k.StartsWith("brand.", StringComparison.Ordinal)),
    });

    /// <summary>A fingerprinted theme file the API pages link (site.HASH.css, site.HASH.js), or null for any other name.</summary>
    public static (string ContentType, byte[] Bytes)? Asset(string name) => Published.Value.TryGetValue(name, out var asset) ? asset : null;

    // The layout's own links (home, catalogue, legal pages) are the site's: on the site's origin, not the API's.
    private static readonly System.Text.RegularExpressions.Regex SiteLink = new("(href)=\"/(?!/|api/)", System.Text.RegularExpressions.RegexOptions.Compiled);
    private const string ContentMark = "\u0000content\u0000";

    private readonly TemplateOptions _options = FrenchFilters.Options(pages);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Renders {template}.liquid with the model (values HTML-escaped), then the layout around it. <paramref name="siteOrigin"/>:
    /// the public site's origin, so that the header's and footer's links lead to the site when the API has an origin of its own.
    /// </summary>
    public string Render(string template, string title, IReadOnlyDictionary<string, object?> model, string? siteOrigin = null)
    {
        var body = _cache.GetOrAdd(template, name =>
        {
            var file = pages.GetFileInfo(name + ".liquid");
            using var reader = new StreamReader(file.CreateReadStream());
            return Parse(reader.ReadToEnd(), name);
        });
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model) context.SetValue(key, value);
        context.SetValue("title", title);
        var content = body.Render(context, Html);

        var page = new TemplateContext(FrenchFilters.Options());
        page.SetValue("Page", new { Title = title, Description = title, NoIndex = true, OgType = "website" });
        page.SetValue("Site", Site.Value);
        page.SetValue("Canonical", Site.Value.BaseUrl + "/");
        page.SetValue("Assets", Assets.Value);
        page.SetValue("Api", "");
        page.SetValue("Content", ContentMark);
        var layout = Layout.Value.Render(page, Html);
        if (!string.IsNullOrEmpty(siteOrigin)) layout = SiteLink.Replace(layout, $"$1=\"{Html.Encode(siteOrigin.TrimEnd('/'))}/");
        return layout.Replace(ContentMark, content, StringComparison.Ordinal);
    }

    private static ResourceFiles Theme(string folder) => new(typeof(PageRenderer).Assembly, folder);

    private static IFluidTemplate Parse(string text, string name) =>
        Parser.TryParse(text, out var template, out var error)
            ? template
            : throw new ContentException([new ContentError(name, "Liquid", error)]);
}

/// <summary>How the site names a published CSS or JS file: after a hash of its content, so it can be cached for a year.</summary>
public static class AssetNames
{
    public static string Published(string name, byte[] content)
    {
        var extension = Path.GetExtension(name);
        return extension is ".css" or ".js"
            ? $"{Path.GetFileNameWithoutExtension(name)}.{Convert.ToHexStringLower(SHA256.HashData(content))[..10]}{extension}"
            : name;
    }
}
