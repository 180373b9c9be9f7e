using AngleSharp.Html.Parser;

namespace Monalisa.Site.Tests;

public sealed class BrandAndConditionsTests
{
    private const string Slug = SiteSource.RealSlug;

    [Theory]
    [InlineData("/")]
    [InlineData("/formations/" + Slug + "/")]
    [InlineData("/conditions-generales/")]
    public void Every_page_has_open_graph_and_twitter_tags_with_an_absolute_1200_by_630_png_and_links_its_icons(string url)
    {
        var page = GeneratedSite.Page(url);
        string? Meta(string selector) => page.QuerySelector(selector)?.GetAttribute("content");
        Assert.Equal(page.Title!.Split(" | ")[0], Meta("meta[property='og:title']"));
        Assert.Equal(Meta("meta[name=description]"), Meta("meta[property='og:description']"));
        Assert.Equal("summary_large_image", Meta("meta[name='twitter:card']"));
        var image = new Uri(Meta("meta[property='og:image']")!);
        Assert.Equal("https://formations.monalisa-asso.fr/assets/og-image.png", image.ToString());
        var png = File.ReadAllBytes(Path.Combine(GeneratedSite.Output, image.AbsolutePath.TrimStart('/')));
        Assert.Equal((1200, 630), (BigEndian(png, 16), BigEndian(png, 20)));
        Assert.Equal(("1200", "630"), (Meta("meta[property='og:image:width']"), Meta("meta[property='og:image:height']")));

        var icons = page.QuerySelectorAll("link[rel=icon]").Select(l => l.GetAttribute("href")!).ToList();
        Assert.Contains("/favicon.ico", icons);
        Assert.Contains(icons, i => i.EndsWith(".svg", StringComparison.Ordinal));
        Assert.All(icons, i => Assert.True(File.Exists(Path.Combine(GeneratedSite.Output, i.TrimStart('/'))), i));
    }

    [Fact]
    public void Logo_and_colours_come_from_the_settings_through_a_generated_stylesheet_with_a_neutral_default()
    {
        using var site = new SiteCopy();
        var settings = Path.Combine(site.Folder, "settings.yml");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("Colour: \"#1b3a66\"", "Colour: \"#5a1e6e\"", StringComparison.Ordinal));
        site.Build();
        var home = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(site.Output, "index.html")));
        var brandCss = home.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).Single(h => h.Contains("/brand.", StringComparison.Ordinal));
        Assert.Contains("--brand:#5a1e6e", File.ReadAllText(Path.Combine(site.Output, brandCss.TrimStart('/'))));
        Assert.Equal("/assets/logo.svg", home.QuerySelector("header .brand img")?.GetAttribute("src"));
        Assert.Equal("#5a1e6e", home.QuerySelector("meta[name=theme-color]")?.GetAttribute("content"));

        // Without the Brand block: the neutral blue and the name in text.
        var lines = File.ReadAllLines(settings).ToList();
        var at = lines.FindIndex(l => l.StartsWith("Brand:", StringComparison.Ordinal));
        File.WriteAllLines(settings, lines.Take(at));
        site.Build();
        home = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(site.Output, "index.html")));
        Assert.Null(home.QuerySelector("header .brand img"));
        Assert.Equal("#1b3a66", home.QuerySelector("meta[name=theme-color]")?.GetAttribute("content"));
    }

    [Fact]
    public void Conditions_cover_enrolment_payment_withdrawal_cancellation_the_volunteer_declaration_and_the_vat_setting()
    {
        var text = GeneratedSite.Normalize(GeneratedSite.Page("/conditions-generales/").QuerySelector("[data-cgv]")!.TextContent);
        foreach (var part in new[]
        {
            "Inscription possible jusqu’à 7 jours avant le début de la session", "déclaration sur l'honneur",
            "Par carte bancaire", "Sur facture", "rien n'est débité pendant le délai de rétractation de 10 jours",
            "Le jour 11", "30 % au plus", "L6353-5", "L6353-6", "L6353-7", "Annulation, report et abandon",
            "Exonération de TVA, article 261-4-4° a du CGI",
        })
            Assert.Contains(part, text);
    }

    [Fact]
    public void Both_forms_state_that_the_conditions_apply_next_to_their_submit_button()
    {
        foreach (var url in new[] { $"/formations/{Slug}/inscription/2027-06-paris/", $"/formations/{Slug}/demande-intra/" })
        {
            var form = GeneratedSite.Page(url).QuerySelector("form")!;
            var notice = form.QuerySelector("[data-cgv-notice]");
            Assert.NotNull(notice);
            Assert.Equal("/conditions-generales/", notice!.QuerySelector("a")?.GetAttribute("href"));
            Assert.Contains("vous acceptez les conditions générales", GeneratedSite.Normalize(notice.TextContent));
        }
    }

    [Fact]
    public void Vat_status_TTC_is_written_as_such_on_the_course_page_the_conditions_and_the_forms()
    {
        using var site = new SiteCopy();
        var settings = Path.Combine(site.Folder, "settings.yml");
        File.WriteAllText(settings, File.ReadAllText(settings)
            .Replace("  Vat: Exonération de TVA, article 261-4-4° a du CGI", "  Vat: TTC", StringComparison.Ordinal)
            // The invoices then charge VAT: one regime, stated once (SiteSettings refuses a mismatch).
            .Replace("VatRate: \"\"", "VatRate: \"20\"", StringComparison.Ordinal)
            .Replace("VatExemption: Exonération de TVA, article 261-4-4° a du CGI", "VatExemption: \"\"", StringComparison.Ordinal));
        site.Build();
        string Text(string relative) => GeneratedSite.Normalize(File.ReadAllText(Path.Combine(site.Output, relative)));
        Assert.Contains("Prix en euros TTC", Text($"formations/{Slug}/index.html"));
        Assert.Contains("toutes taxes comprises (TTC)", Text("conditions-generales/index.html"));
        Assert.DoesNotContain("261-4-4", Text("conditions-generales/index.html"));
    }

    private static int BigEndian(byte[] bytes, int at) => bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];
}
