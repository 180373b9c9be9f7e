using System.Text.RegularExpressions;
using Monalisa.Content;

namespace Monalisa.Site.Tests;

/// <summary>A public build (without --exemples) publishes no « à compléter » and no example session, naming each one.</summary>
public sealed partial class PublicBuildTests
{
    private const string Slug = SiteSource.RealSlug;

    /// <summary>Every placeholder of the shipped site filled in, every example session made real: a site ready to publish.</summary>
    private static SiteCopy Completed()
    {
        var site = new SiteCopy();
        var settings = Path.Combine(site.Folder, "settings.yml");
        File.WriteAllText(settings, ToComplete().Replace(File.ReadAllText(settings), "complété"));
        var course = site.CourseFile(Slug);
        File.WriteAllText(course, File.ReadAllText(course).Replace("Example: true", "Example: false", StringComparison.Ordinal));
        return site;
    }

    private static ContentException PublicBuildFails(SiteCopy site) =>
        Assert.Throws<ContentException>(() => SiteBuilder.Build(site.Options with { LegalExamples = false }));

    [Fact]
    public void A_completed_site_builds_for_the_public_with_no_placeholder_on_any_page()
    {
        using var site = Completed();
        var result = SiteBuilder.Build(site.Options with { LegalExamples = false });
        Assert.All(result.Pages, p => Assert.DoesNotContain("compléter", File.ReadAllText(p.File), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_placeholder_in_any_setting_not_only_a_legal_fact_fails_the_public_build_naming_its_key()
    {
        using var site = Completed();
        // A phone number is not a legal fact, yet a visitor reads it on every course page.
        var settings = Path.Combine(site.Folder, "settings.yml");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("Phone: 01 00 00 00 00 complété\nStaffEmail", "Phone: 01 00 00 00 00 (à compléter)\nStaffEmail", StringComparison.Ordinal));

        var e = PublicBuildFails(site);

        var error = Assert.Single(e.Errors);
        Assert.Equal("Contact.Phone", error.Field);
        Assert.EndsWith("settings.yml", error.File);
        Assert.False(Directory.Exists(site.Output));
    }

    [Fact]
    public void A_placeholder_in_a_page_fails_the_public_build_naming_the_file_and_line()
    {
        using var site = Completed();
        var page = Path.Combine(site.Folder, "input", "accessibilite.md");
        File.AppendAllText(page, "\nTéléphone : (à compléter)\n");

        var e = PublicBuildFails(site);

        var error = Assert.Single(e.Errors);
        Assert.EndsWith("accessibilite.md", error.File);
        Assert.Equal($"ligne {File.ReadAllLines(page).Length}", error.Field);
    }

    [Fact]
    public void An_example_session_fails_the_public_build_and_stays_marked_in_the_local_preview()
    {
        using var site = Completed();
        var course = site.CourseFile(Slug);
        File.WriteAllText(course, ReplaceFirst(File.ReadAllText(course), "    Example: false", "    Example: true"));

        var e = PublicBuildFails(site);
        Assert.Contains(e.Errors, err => err.Field == "Sessions[0].Example" && err.File.EndsWith($"{Slug}.md", StringComparison.Ordinal));

        site.Build();
        var text = GeneratedSite.Normalize(File.ReadAllText(Path.Combine(site.Output, "formations", Slug, "index.html")));
        Assert.Contains("session d’exemple", text);
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }

    [GeneratedRegex(@"\(?(nom )?à compléter\)?")]
    private static partial Regex ToComplete();
}
