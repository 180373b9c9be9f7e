using Monalisa.Content;
namespace Monalisa.Site;

/// <summary>Where the generator reads and writes. Defaults follow Statiq's layout under site/.</summary>
internal sealed record SiteOptions(string Input, string Theme, string Settings, string Output)
{
    /// <summary>Optional API base URL that replaces settings.yml's (tests and previews).</summary>
    public string? ApiBaseUrl { get; init; }

    /// <summary>
    /// Build even though values are still « à compléter » or sessions are examples (local preview and tests only, CLI
    /// <c>--exemples</c>): without it such a site, whose pages would show placeholders, is refused naming each one.
    /// </summary>
    public bool LegalExamples { get; init; }

    /// <summary>
    /// The published results export (<c>GET api/resultats</c>, downloaded by the deploy job), or null: the course
    /// pages then say « Premiers résultats à venir ». CLI <c>--resultats</c>; default site/data/resultats.json if present.
    /// </summary>
    public string? ResultsFile { get; init; }

    /// <summary>The day "next session" is computed from; the build date unless a test fixes it.</summary>
    public DateOnly Today { get; init; } = Monalisa.Domain.Catalogue.ParisTime.Today(TimeProvider.System);

    /// <summary>Decap CMS's dist folder (node_modules/decap-cms/dist), or null to look for it above the site folder.</summary>
    public string? CmsBundle { get; init; }

    /// <summary>False for the content check: it builds into a throw-away folder, and the editor's bundle is not content.</summary>
    public bool CopyCmsBundle { get; init; } = true;

    /// <summary>The GitHub repository the CMS commits to (owner/name; CLI <c>--cms-depot</c>), or null for GITHUB_REPOSITORY.</summary>
    public string? CmsRepository { get; init; }

    /// <summary>The branch the CMS commits to: the one the deploy workflow publishes.</summary>
    public string CmsBranch { get; init; } = "main";

    /// <summary>The local host's proxy to decap-server (CLI <c>--cms-local</c>), or null for Decap's default (localhost:8081).</summary>
    public string? CmsLocalBackend { get; init; }

    /// <summary>
    /// node_modules/decap-cms/dist above site/, else above the working folder (a copy of site/ built from the
    /// repository), or null when npm ci was not run.
    /// </summary>
    public static string? FindCmsBundle(string settingsFile)
    {
        foreach (var start in new[] { Path.GetDirectoryName(Path.GetFullPath(settingsFile))!, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var dist = Path.Combine(dir.FullName, "node_modules", "decap-cms", "dist");
                if (File.Exists(Path.Combine(dist, Cms.CmsPipeline.BundleFile))) return dist;
            }
        }
        return null;
    }

    public static SiteOptions ForSiteFolder(string siteFolder, string? output = null) => new(
        Path.Combine(siteFolder, "input"),
        Path.Combine(siteFolder, "theme"),
        Path.Combine(siteFolder, SettingsKeys.FileName),
        output ?? Path.Combine(siteFolder, "output"))
    {
        ResultsFile = File.Exists(DefaultResults(siteFolder)) ? DefaultResults(siteFolder) : null,
    };

    private static string DefaultResults(string siteFolder) =>
        Path.Combine(siteFolder, Views.PublishedResults.DataFolder, Views.PublishedResults.DefaultFile);
}
