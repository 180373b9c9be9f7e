using Monalisa.Site;

namespace Monalisa.Site.Tests;

/// <summary>
/// The course page's satisfaction figure comes from the published export (api/resultats) read by the build: shown with
/// its respondents, period and date; never without its date; « Premiers résultats à venir » otherwise.
/// </summary>
public sealed class PublishedResultsTests
{
    private const string Slug = SiteSource.RealSlug;

    private static string SatisfactionText(SiteCopy site)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(site.Output, "formations", Slug, "index.html")));
        return GeneratedSite.Normalize(page.QuerySelector("[data-results]")!.TextContent);
    }

    private static string Export(string satisfaction) =>
        $$"""{ "computedAt": "2027-04-02T08:00:00+00:00", "courses": [ { "slug": "{{Slug}}", "satisfaction": {{satisfaction}}, "acquisition": [] } ] }""";

    [Fact]
    public void A_build_with_the_export_shows_the_rate_its_respondents_its_period_and_its_date()
    {
        using var site = new SiteCopy();
        var file = Path.Combine(site.Folder, "resultats-test.json");
        File.WriteAllText(file, Export("""{ "rate": 67, "respondents": 3, "satisfied": 2, "periodStart": "2027-03-16", "periodEnd": "2027-03-17", "computedAt": "2027-04-02T08:00:00+00:00" }"""));
        SiteBuilder.Build(site.Options with { ResultsFile = file });
        Assert.Equal("67 % des stagiaires satisfaits ou très satisfaits — 3 répondants, sessions du 16 au 17 mars 2027, chiffres arrêtés au 2 avril 2027.",
            SatisfactionText(site).Replace('\u00A0', ' '));
    }

    [Fact]
    public void A_build_without_an_export_says_first_results_to_come()
    {
        using var site = new SiteCopy();
        SiteBuilder.Build(site.Options with { ResultsFile = null });
        Assert.Equal("Premiers résultats à venir.", SatisfactionText(site));
    }

    [Fact]
    public void A_build_whose_export_is_missing_says_first_results_to_come_and_logs_it()
    {
        using var site = new SiteCopy();
        var log = new StringWriter();
        SiteBuilder.Build(site.Options with { ResultsFile = Path.Combine(site.Folder, "absent.json") }, log);
        Assert.Equal("Premiers résultats à venir.", SatisfactionText(site));
        Assert.Contains("introuvable", log.ToString());
    }

    [Theory]
    [InlineData("""{ "rate": 67, "respondents": 3, "periodStart": "2027-03-16", "periodEnd": "2027-03-17" }""")]
    [InlineData("""{ "rate": 67, "respondents": 3, "computedAt": "2027-04-02T08:00:00+00:00" }""")]
    [InlineData("""{ "rate": 67, "respondents": 0, "periodStart": "2027-03-16", "periodEnd": "2027-03-17", "computedAt": "2027-04-02T08:00:00+00:00" }""")]
    [InlineData("null")]
    public void An_export_entry_without_its_date_or_respondents_is_not_shown(string satisfaction)
    {
        using var site = new SiteCopy();
        var file = Path.Combine(site.Folder, "resultats-test.json");
        File.WriteAllText(file, Export(satisfaction));
        SiteBuilder.Build(site.Options with { ResultsFile = file });
        Assert.Equal("Premiers résultats à venir.", SatisfactionText(site));
        Assert.DoesNotContain("67 %", File.ReadAllText(Path.Combine(site.Output, "formations", Slug, "index.html")));
    }

    [Fact]
    public void The_command_reads_the_export_named_by_resultats()
    {
        using var site = new SiteCopy();
        var file = Path.Combine(site.Folder, "export.json");
        File.WriteAllText(file, Export("""{ "rate": 80, "respondents": 5, "periodStart": "2027-03-16", "periodEnd": "2027-06-10", "computedAt": "2027-07-01T08:00:00+00:00" }"""));
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, SiteCommand.Run(["build", "--site", site.Folder, "--exemples", "--resultats", file], output, error));
        Assert.StartsWith("80 % des stagiaires", SatisfactionText(site).Replace('\u00A0', ' '));
    }
}
