using Monalisa.Content;
using System.Diagnostics;
using Monalisa.Site.Views;

namespace Monalisa.Site;

/// <summary>Runs the pipelines in order: settings, courses, assets, course pages, other pages, sitemap.</summary>
internal static class SiteBuilder
{
    /// <exception cref="Monalisa.Content.ContentException">A course, page or setting is invalid; nothing is left half-written.</exception>
    public static BuildResult Build(SiteOptions options, TextWriter? log = null)
    {
        var clock = Stopwatch.StartNew();
        var settings = SiteSettings.Load(options.Settings, DisplayPath(options.Settings));
        if (options.ApiBaseUrl is not null) settings.ApiBaseUrl = options.ApiBaseUrl.TrimEnd('/');
        if (settings.Brand.Logo.Length > 0 && !File.Exists(Path.Combine(options.Theme, AssetsPipeline.Folder, settings.Brand.Logo)))
            throw new Monalisa.Content.ContentException([new(DisplayPath(options.Settings), $"{SettingsKeys.Brand}.{SettingsKeys.Logo}",
                $"« {settings.Brand.Logo} » n'est pas dans site/theme/{AssetsPipeline.Folder} : ajoutez le fichier, ou videz la clé pour le nom en texte.")]);
        IReadOnlyList<CourseView> courses = CoursePipeline.Load(options, settings, PublishedResults.Load(options.ResultsFile, log));
        // A public build publishes no placeholder and no example session (the local preview asks for them: --exemples).
        if (!options.LegalExamples) PlaceholderCheck.BeforeBuild(options, settings, courses);

        // Everything is read and checked before the output folder is touched.
        var staging = options.Output + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var staged = options with { Output = staging };
        try
        {
            var assets = AssetsPipeline.Run(staged, settings);
            var site = new SiteContext(staged, settings, new Templates(options.Theme), assets, courses);
            var pages = new List<GeneratedPage>();
            pages.AddRange(CoursePipeline.Run(site));
            pages.AddRange(PagesPipeline.Run(site));
            SitemapPipeline.Run(site, pages);
            Cms.CmsPipeline.Run(site);
            HostingConfigPipeline.Run(staged, settings);
            if (!options.LegalExamples) PlaceholderCheck.AfterBuild(pages, staging);

            // The output folder is replaced whole, so a wrong --output must never wipe a folder the generator did not write.
            if (Directory.Exists(options.Output) && Directory.EnumerateFileSystemEntries(options.Output).Any()
                && !File.Exists(Path.Combine(options.Output, SitemapPipeline.FileName)))
                throw new Monalisa.Content.ContentException([new(DisplayPath(options.Output), "--output", "ce dossier n'est pas vide et n'a pas été généré par ce programme ; choisissez un autre dossier.")]);
            if (Directory.Exists(options.Output)) Directory.Delete(options.Output, recursive: true);
            Directory.Move(staging, options.Output);
            var written = pages.Select(p => p with { File = Path.Combine(options.Output, Path.GetRelativePath(staging, p.File)) }).ToList();
            return new BuildResult(written, assets, clock.Elapsed);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    internal static string DisplayPath(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
}
