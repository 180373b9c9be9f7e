using Monalisa.Content;

namespace Monalisa.Site.Cms;

/// <summary>
/// /admin/: Decap CMS, self-hosted. Writes admin/index.html (site/theme/admin/index.liquid), the generated
/// admin/config.yml, the preview script, and copies the Decap bundle from node_modules into a folder named after a
/// hash of its main file (cached for a year like /assets; a new version gets a new folder). Nothing comes from a CDN.
/// </summary>
internal static class CmsPipeline
{
    public const string Folder = "admin";
    public const string ConfigFile = "config.yml";
    public const string BundleFile = "decap-cms.js";
    public const string BundlePrefix = "decap-";
    private const string PreviewScript = "preview.js";

    public static void Run(SiteContext site)
    {
        var options = site.Options;
        var target = Path.Combine(options.Output, Folder);
        Directory.CreateDirectory(target);
        // The content check (`check`) checks what staff write, not the editor's program: it neither needs nor copies it.
        var bundleFolder = BundlePrefix + "non-copie";
        if (options.CopyCmsBundle)
        {
            var bundle = options.CmsBundle ?? SiteOptions.FindCmsBundle(options.Settings);
            if (bundle is null || !File.Exists(Path.Combine(bundle, BundleFile)))
                throw new ContentException([new ContentError("node_modules/decap-cms", "/" + Folder + "/",
                    "Decap CMS (l'éditeur /admin/) n'est pas installé : lancez « npm ci » à la racine du dépôt (scripts/run.sh et scripts/test.sh le font).")]);
            var main = File.ReadAllBytes(Path.Combine(bundle, BundleFile));
            bundleFolder = BundlePrefix + Monalisa.Content.Text.AssetNames.Published("x.js", main).Split('.')[1];
            CopyBundle(bundle, Path.Combine(target, bundleFolder));
        }

        var previewSource = File.ReadAllBytes(Path.Combine(options.Theme, Folder, PreviewScript));
        var previewName = Monalisa.Content.Text.AssetNames.Published(PreviewScript, previewSource);
        File.WriteAllBytes(Path.Combine(target, previewName), previewSource);

        var settingsFile = Path.GetFullPath(options.Settings);
        var repositoryRoot = Path.GetDirectoryName(Path.GetDirectoryName(settingsFile))!;
        var labels = CmsLabels.Load(Path.Combine(options.Theme, Folder, CmsLabels.FileName));
        File.WriteAllText(Path.Combine(target, ConfigFile),
            CmsConfig.Write(Backend(options, site.Settings), labels, repositoryRoot, Path.GetFullPath(options.Input), Path.GetFullPath(options.Theme), settingsFile));

        var model = site.Model(new PageMeta("Édition du site", "", "/" + Folder + "/") { NoIndex = true });
        model["Cms"] = new Dictionary<string, object?>
        {
            ["Config"] = $"/{Folder}/{ConfigFile}",
            ["Bundle"] = $"/{Folder}/{bundleFolder}/{BundleFile}",
            ["Preview"] = $"/{Folder}/{previewName}",
            // The page preview is drawn with the site's own stylesheets.
            ["Styles"] = $"{site.Assets.Css} {site.Assets.BrandCss}",
        };
        File.WriteAllText(Path.Combine(target, "index.html"), site.Templates.RenderTheme(Folder + "/index", model));
    }

    /// <summary>
    /// The GitHub backend: the repository from the build (--cms-depot, or GitHub Actions' GITHUB_REPOSITORY), and the
    /// sign-in served by the Functions app under its API base (<c>api/cms/auth</c> on the site's own origin by default).
    /// </summary>
    private static CmsBackend Backend(SiteOptions options, SiteSettings settings)
    {
        var api = new Uri(settings.ApiBaseUrl.Length > 0 ? settings.ApiBaseUrl : settings.BaseUrl + "/api");
        var repository = options.CmsRepository ?? Environment.GetEnvironmentVariable("GITHUB_REPOSITORY") ?? "proprietaire/depot-a-configurer";
        return new CmsBackend(repository, options.CmsBranch, api.GetLeftPart(UriPartial.Authority),
            api.AbsolutePath.Trim('/') is { Length: > 0 } path ? path + "/cms/auth" : "cms/auth", options.CmsLocalBackend);
    }

    /// <summary>The browser bundle and the chunks and WebAssembly it loads next to itself; not the source maps or the <c>cms.js</c> copy.</summary>
    private static void CopyBundle(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var name = Path.GetFileName(file);
            if (name == BundleFile || name.EndsWith("." + BundleFile, StringComparison.Ordinal) || name.EndsWith(".wasm", StringComparison.Ordinal)
                || name == BundleFile + ".LICENSE.txt")
                File.Copy(file, Path.Combine(to, name));
        }
    }
}
