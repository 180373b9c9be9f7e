namespace Monalisa.Site;

/// <summary>The URLs of the theme's assets once copied, by their file name in site/theme/assets (e.g. "site.css").</summary>
internal sealed class AssetMap(IReadOnlyDictionary<string, string> urls)
{
    public IReadOnlyDictionary<string, string> Urls { get; } = urls;

    public string Css => Urls["site.css"];
    public string Js => Urls["site.js"];
    /// <summary>The colours of settings.yml (Brand) as CSS custom properties, loaded after site.css.</summary>
    public string BrandCss => Urls[AssetsPipeline.BrandCss];
}

/// <summary>
/// Copies site/theme/assets to /assets, CSS and JS minified and named after a hash of their content: they can be
/// cached for a year, and a new version gets a new name.
/// </summary>
internal static class AssetsPipeline
{
    public const string Folder = "assets";
    /// <summary>Generated from settings.yml, not a theme file: the CSP forbids inline styles.</summary>
    public const string BrandCss = "brand.css";
    /// <summary>Copied to the site's root too: browsers and crawlers ask for /favicon.ico whatever the page links.</summary>
    public const string FaviconIco = "favicon.ico";

    public static AssetMap Run(SiteOptions options, Monalisa.Content.SiteSettings settings)
    {
        var source = Path.Combine(options.Theme, Folder);
        var target = Path.Combine(options.Output, Folder);
        Directory.CreateDirectory(target);
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var name = Path.GetFileName(file);
            var bytes = Minifier.Published(name, File.ReadAllBytes(file));
            var outName = Monalisa.Content.Text.AssetNames.Published(name, bytes);
            File.WriteAllBytes(Path.Combine(target, outName), bytes);
            urls[name] = $"/{Folder}/{outName}";
            if (name == FaviconIco) File.WriteAllBytes(Path.Combine(options.Output, FaviconIco), bytes);
        }
        var brand = settings.Brand.Stylesheet();
        var brandName = Monalisa.Content.Text.AssetNames.Published(BrandCss, brand);
        File.WriteAllBytes(Path.Combine(target, brandName), brand);
        urls[BrandCss] = $"/{Folder}/{brandName}";
        return new AssetMap(urls);
    }
}
