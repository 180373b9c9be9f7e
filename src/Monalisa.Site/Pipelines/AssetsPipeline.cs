namespace Monalisa.Site;

/// <summary>The URLs of the theme's assets once copied, by their file name in site/theme/assets (e.g. "site.css").</summary>
internal sealed class AssetMap(IReadOnlyDictionary<string, string> urls)
{
    public IReadOnlyDictionary<string, string> Urls { get; } = urls;

    public string Css => Urls["site.css"];
    public string Js => Urls["site.js"];
}

/// <summary>
/// Copies site/theme/assets to /assets, naming CSS and JS after a hash of their content: they can be cached
/// for a year, and a new version gets a new name.
/// </summary>
internal static class AssetsPipeline
{
    public const string Folder = "assets";

    public static AssetMap Run(SiteOptions options)
    {
        var source = Path.Combine(options.Theme, Folder);
        var target = Path.Combine(options.Output, Folder);
        Directory.CreateDirectory(target);
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var name = Path.GetFileName(file);
            var bytes = File.ReadAllBytes(file);
            var outName = Monalisa.Content.Text.AssetNames.Published(name, bytes);
            File.WriteAllBytes(Path.Combine(target, outName), bytes);
            urls[name] = $"/{Folder}/{outName}";
        }
        return new AssetMap(urls);
    }
}
