using Monalisa.Content;
using Monalisa.Site.Views;

namespace Monalisa.Site;

/// <summary>
/// A visitor never sees a placeholder. A public build (without <c>--exemples</c>) fails on every value still
/// « à compléter », in settings.yml (by key), in any page or template of site/ (by file and line) and in the pages
/// written (a value that reached them some other way), and on every example session (by its course file's key).
/// The local preview keeps them, clearly marked.
/// </summary>
internal static class PlaceholderCheck
{
    private const string Why = "valeur « à compléter » : un visiteur ne doit jamais la voir. Complétez-la ; pour un aperçu local seulement, ajoutez --exemples.";

    /// <summary>Before anything is written: settings, course files, pages and templates.</summary>
    public static void BeforeBuild(SiteOptions options, SiteSettings settings, IReadOnlyList<CourseView> courses)
    {
        var errors = new List<ContentError>();
        var settingsFile = SiteBuilder.DisplayPath(options.Settings);
        errors.AddRange(settings.MissingLegalFacts().Select(key => new ContentError(settingsFile, key,
            "valeur manquante ou « à compléter » : aucun document juridique (contrat, mentions légales, conditions) ni aucune page ne peut être publié ainsi. " +
            "Complétez-la ; pour un aperçu local seulement, ajoutez --exemples.")));
        foreach (var folder in new[] { options.Input, options.Theme })
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                         .Where(f => Path.GetExtension(f) is ".md" or ".liquid" or ".yml").OrderBy(f => f, StringComparer.Ordinal))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    // A YAML or Liquid comment explaining the rule is not shown to anyone.
                    var line = lines[i].TrimStart();
                    if (line.StartsWith('#') || line.StartsWith("{% comment", StringComparison.Ordinal)) continue;
                    if (SiteSettings.IsPlaceholder(lines[i]))
                        errors.Add(new ContentError(SiteBuilder.DisplayPath(file), $"ligne {i + 1}", Why));
                }
            }
        }
        foreach (var course in courses)
            for (var i = 0; i < course.Course.Sessions.Count; i++)
                if (course.Course.Sessions[i].IsExample)
                    errors.Add(new ContentError(SiteBuilder.DisplayPath(course.SourcePath), $"{CourseKeys.Sessions}[{i}].{CourseKeys.Example}",
                        "session d'exemple : remplacez-la par une session réelle avant la mise en ligne (l'aperçu local --exemples la montre, marquée « session d'exemple »)."));
        if (errors.Count > 0) throw new ContentException(errors);
    }

    /// <summary>After the pages are written (in the staging folder): none may carry the mark, whatever its source.</summary>
    public static void AfterBuild(IEnumerable<GeneratedPage> pages, string outputFolder)
    {
        var errors = pages.Where(p => SiteSettings.IsPlaceholder(File.ReadAllText(p.File)))
            .Select(p => new ContentError(p.Url, "page générée", Why)).ToList();
        if (errors.Count > 0) throw new ContentException(errors);
    }
}
