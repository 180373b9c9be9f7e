using Markdig;
using Monalisa.Content;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Monalisa.Site;

/// <summary>
/// The pages of site/input (Markdown or Liquid, with front matter), except the courses and the files starting
/// with "_". Their Liquid is rendered first, so a page can use <c>Site.*</c> and <c>Courses</c>.
/// </summary>
internal static class PagesPipeline
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    public static IEnumerable<GeneratedPage> Run(SiteContext site)
    {
        var input = site.Options.Input;
        var files = Directory.EnumerateFiles(input, "*.*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".md" or Templates.Extension)
            .Where(f => !Path.GetRelativePath(input, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('_')))
            .Where(f => !Path.GetRelativePath(input, f).StartsWith(CourseContent.CoursesFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
            var (yaml, body) = FrontMatter.Split(File.ReadAllText(file));
            var front = ReadFrontMatter(yaml, display);
            if (front.Excluded == "true" || front.Published == "false")
                continue;
            var url = front.Permalink ?? UrlOf(Path.GetRelativePath(input, file));
            var meta = new PageMeta(front.Title!, front.Description!, url)
            {
                NoIndex = front.NoIndex == "true",
                Layout = front.Layout,
            };
            var html = site.Templates.RenderText(body, display, site.Model(meta));
            if (Path.GetExtension(file) == ".md")
                html = Markdig.Markdown.ToHtml(html, Markdown);
            yield return site.Write(meta, html);
        }
    }

    /// <summary><c>index.md</c> → <c>/</c>; <c>a/b.md</c> → <c>/a/b/</c> (folder URLs, as Statiq and Static Web Apps serve them).</summary>
    internal static string UrlOf(string relativePath)
    {
        var parts = Path.ChangeExtension(relativePath, null).Split(Path.DirectorySeparatorChar).ToList();
        if (parts[^1] == "index") parts.RemoveAt(parts.Count - 1);
        return parts.Count == 0 ? "/" : "/" + string.Join('/', parts) + "/";
    }

    private static PageFrontMatter ReadFrontMatter(string yaml, string file)
    {
        PageFrontMatter front;
        try
        {
            front = yaml.Length == 0 ? new PageFrontMatter() : Yaml.Deserialize<PageFrontMatter>(yaml) ?? new PageFrontMatter();
        }
        catch (YamlException e)
        {
            throw new ContentException([new ContentError(file, $"ligne {e.Start.Line + 1}", $"YAML illisible ou clé inconnue ({e.InnerException?.Message ?? e.Message}).")]);
        }
        var errors = new List<ContentError>();
        if (string.IsNullOrWhiteSpace(front.Title)) errors.Add(new ContentError(file, PageKeys.Title, "champ obligatoire manquant."));
        if (string.IsNullOrWhiteSpace(front.Description)) errors.Add(new ContentError(file, PageKeys.Description, "champ obligatoire manquant (il fait la description pour les moteurs de recherche)."));
        if (front.Permalink is { } p && !p.StartsWith('/')) errors.Add(new ContentError(file, PageKeys.Permalink, "doit commencer par « / »."));
        if (errors.Count > 0) throw new ContentException(errors);
        return front;
    }

    private sealed class PageFrontMatter
    {
        [YamlMember(Alias = PageKeys.Title)] public string? Title { get; set; }
        [YamlMember(Alias = PageKeys.Description)] public string? Description { get; set; }
        [YamlMember(Alias = PageKeys.Layout)] public string? Layout { get; set; }
        [YamlMember(Alias = PageKeys.Permalink)] public string? Permalink { get; set; }
        [YamlMember(Alias = PageKeys.NoIndex)] public string? NoIndex { get; set; }
        [YamlMember(Alias = PageKeys.Published)] public string? Published { get; set; }
        [YamlMember(Alias = PageKeys.Excluded)] public string? Excluded { get; set; }
    }
}
