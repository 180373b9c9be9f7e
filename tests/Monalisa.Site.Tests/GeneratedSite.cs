using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Monalisa.Site;

namespace Monalisa.Site.Tests;

/// <summary>A copy of site/ (input, theme, settings) in a temporary folder, that a test may alter before building it.</summary>
internal sealed class SiteCopy : IDisposable
{
    /// <summary>The build date the tests use: before the 2027 example sessions, as TestApi's clock.</summary>
    public static readonly DateOnly Today = new(2026, 12, 1);

    public SiteCopy()
    {
        Folder = Path.Combine(Path.GetTempPath(), "monalisa-site-tests", Guid.NewGuid().ToString("N"));
        var source = SiteSource.Folder;
        foreach (var part in new[] { "input", "theme" })
            CopyFolder(Path.Combine(source, part), Path.Combine(Folder, part));
        File.Copy(Path.Combine(source, "settings.yml"), Path.Combine(Folder, "settings.yml"));
        File.Copy(Path.Combine(source, "staticwebapp.config.json"), Path.Combine(Folder, "staticwebapp.config.json"));
    }

    public string Folder { get; }
    public string Output => Path.Combine(Folder, "output");
    public SiteOptions Options => SiteOptions.ForSiteFolder(Folder) with { Today = Today, LegalExamples = true };

    public string CourseFile(string slug) => Path.Combine(Folder, "input", "courses", slug + ".md");

    public BuildResult Build() => SiteBuilder.Build(Options);

    /// <summary>Runs the CLI as `dotnet run -- build` would, and returns its exit code and messages.</summary>
    public (int Exit, string Output, string Error) RunCommand()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SiteCommand.Run(["build", "--site", Folder, "--exemples"], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>The real site, generated once for the read-only tests of this assembly.</summary>
internal static class GeneratedSite
{
    private static readonly Lazy<(SiteCopy Copy, BuildResult Result)> Built = new(() =>
    {
        var copy = new SiteCopy();
        return (copy, copy.Build());
    });

    public static string Output => Built.Value.Copy.Output;
    public static BuildResult Result => Built.Value.Result;

    public static string CoursePath(string slug) => $"/formations/{slug}/";

    public static IDocument Page(string url)
    {
        var relative = url.EndsWith('/') ? url.TrimStart('/') + "index.html" : url.TrimStart('/');
        return new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(Output, relative)));
    }

    /// <summary>Text as a reader gets it: every run of white space (no-break spaces included) as one space.</summary>
    public static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
