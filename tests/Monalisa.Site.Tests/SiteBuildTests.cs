using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Monalisa.Content;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Site.Tests;

public sealed class SiteBuildTests
{
    private const string Slug = SiteSource.RealSlug;

    public static TheoryData<string> Pages() =>
    [
        "/", $"/formations/{Slug}/", $"/formations/{Slug}/inscription/2027-03-lyon/", $"/formations/{Slug}/demande-intra/",
        "/inscription/confirmee/", "/inscription/annulee/", "/inscription/enregistree/", "/inscription/liste-attente/",
        "/demande-intra/recue/", "/mentions-legales/", "/donnees-personnelles/", "/accessibilite/", "/404.html",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_page_is_french_with_one_h1_landmarks_a_skip_link_and_seo_head(string url)
    {
        var page = GeneratedSite.Page(url);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Single(page.QuerySelectorAll("main#contenu"));
        Assert.NotNull(page.QuerySelector("header.site-header nav"));
        Assert.NotNull(page.QuerySelector("footer"));
        Assert.Equal("#contenu", page.QuerySelector("a.skip-link")?.GetAttribute("href"));
        Assert.False(string.IsNullOrWhiteSpace(page.Title));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("meta[name=description]")?.GetAttribute("content")));
        Assert.StartsWith("https://", page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("meta[property='og:title']"));
        // No inline script may run: the CSP forbids it. Only data blocks (JSON) are inline.
        Assert.All(page.QuerySelectorAll("script:not([src])"), s => Assert.Contains(s.GetAttribute("type"), new[] { "application/json", "application/ld+json" }));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public void Every_site_page_the_api_sends_a_visitor_to_is_generated()
    {
        var wanted = SitePages.Fixed.Concat([SitePages.Course(Slug), SitePages.IntraRequest(Slug), SitePages.Enrol(Slug, "2027-03-lyon")]);
        Assert.All(wanted, path => Assert.True(File.Exists(Path.Combine(GeneratedSite.Output, path, "index.html")), path));
    }

    [Fact]
    public void Every_internal_link_and_asset_resolves_to_a_generated_file()
    {
        var parser = new HtmlParser();
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(GeneratedSite.Output, "*.html", SearchOption.AllDirectories))
        {
            var page = parser.ParseDocument(File.ReadAllText(file));
            var targets = page.QuerySelectorAll("a[href], link[href], script[src]")
                .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
                .Where(u => u.StartsWith('/') && !u.StartsWith("//", StringComparison.Ordinal));
            foreach (var target in targets)
            {
                var path = target.Split('#', '?')[0];
                var relative = path.EndsWith('/') ? path.TrimStart('/') + "index.html" : path.TrimStart('/');
                if (!File.Exists(Path.Combine(GeneratedSite.Output, relative)))
                    missing.Add($"{Path.GetRelativePath(GeneratedSite.Output, file)} → {target}");
            }
            foreach (var anchor in page.QuerySelectorAll("a[href^='#']").Select(a => a.GetAttribute("href")![1..]))
            {
                if (page.GetElementById(anchor) is null) missing.Add($"{Path.GetRelativePath(GeneratedSite.Output, file)} → #{anchor}");
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Css_and_js_have_content_hashed_names_and_no_third_party_url()
    {
        var assets = Directory.GetFiles(Path.Combine(GeneratedSite.Output, "assets"));
        Assert.Contains(assets, a => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(a), @"^site\.[0-9a-f]{10}\.css$"));
        Assert.Contains(assets, a => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(a), @"^site\.[0-9a-f]{10}\.js$"));
        // Not Decap CMS's bundle (/admin/decap-…/): its code names optional services (Cloudinary's media library) that
        // this config never turns on, and /admin/'s CSP (script-src 'self') would refuse (CmsConfigTests, CmsEditorBrowserTests).
        foreach (var file in Directory.EnumerateFiles(GeneratedSite.Output, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".html") || f.EndsWith(".css") || f.EndsWith(".js"))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}admin{Path.DirectorySeparatorChar}decap-", StringComparison.Ordinal)))
        {
            var page = File.ReadAllText(file);
            Assert.DoesNotContain("src=\"http", page);
            Assert.DoesNotContain("@import", page);
            Assert.DoesNotContain("@font-face", page);
        }
    }

    [Fact]
    public void Sitemap_lists_indexable_pages_and_robots_points_to_it()
    {
        var sitemap = XDocument.Load(Path.Combine(GeneratedSite.Output, "sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locs = sitemap.Descendants(ns + "loc").Select(l => new Uri(l.Value).AbsolutePath).ToList();
        Assert.Contains($"/formations/{Slug}/", locs);
        Assert.Contains("/", locs);
        // The enrolment and intra request forms are pages a visitor searches for; what follows a request is not.
        Assert.Contains($"/formations/{Slug}/inscription/2027-03-lyon/", locs);
        Assert.Contains($"/formations/{Slug}/demande-intra/", locs);
        Assert.DoesNotContain(locs, l => l.StartsWith("/inscription/", StringComparison.Ordinal) || l.StartsWith("/demande-intra/", StringComparison.Ordinal));
        Assert.DoesNotContain("/404.html", locs);
        Assert.DoesNotContain(locs, l => l.StartsWith("/admin/", StringComparison.Ordinal));
        var robots = File.ReadAllText(Path.Combine(GeneratedSite.Output, "robots.txt"));
        Assert.Contains("Sitemap: https://", robots);
    }

    [Fact]
    public void Enrolment_form_leaves_room_for_the_self_funded_contract_the_api_writes_for_the_person()
    {
        var page = GeneratedSite.Page($"/formations/{Slug}/inscription/2027-03-lyon/");
        var form = page.QuerySelector("form[data-form=enrolment]")!;
        // The contract names the person, so the page carries no text of its own: the script asks contracts/preview.
        Assert.NotNull(form.QuerySelector("input[type=hidden][name=contractVersion]"));
        Assert.NotNull(form.QuerySelector("[data-contract-text]"));
        Assert.NotNull(form.QuerySelector("input[type=checkbox][name=contractAccepted][value=true]"));
        foreach (var name in new[] { "payer.street", "payer.postalCode", "payer.city" })
            Assert.NotNull(form.QuerySelector($"[name='{name}']"));
        Assert.Contains("rien n’est débité pendant le délai de rétractation de 10 jours", form.QuerySelector("[data-contract]")!.TextContent);
        // Built on 1 December 2026 for a session on 16 March 2027: online self-funded enrolment is open, the notice
        // hidden, with the last day the script compares with the visitor's date.
        var closed = form.QuerySelector("[data-self-funded-closed]")!;
        Assert.True(closed.HasAttribute("hidden"));
        Assert.Equal("2027-03-04", closed.GetAttribute("data-last-day"));
    }

    [Fact]
    public void Enrolment_form_built_within_12_days_of_the_session_says_online_self_funded_enrolment_is_closed_before_anything_is_typed()
    {
        using var copy = new SiteCopy();
        SiteBuilder.Build(copy.Options with { Today = new DateOnly(2027, 3, 5) });
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(copy.Output, "formations", Slug, "inscription", "2027-03-lyon", "index.html")));
        var form = page.QuerySelector("form[data-form=enrolment]")!;
        var closed = form.QuerySelector("[data-self-funded-closed]")!;

        Assert.False(closed.HasAttribute("hidden"));
        Assert.Contains("close pour cette session", closed.TextContent);
        Assert.Contains(SiteSettings.LoadEmbedded().Contact.Email, closed.TextContent);
        // Before the first field of the form.
        Assert.Same(closed, form.QuerySelector("[data-self-funded-closed], input:not([type=hidden])"));
    }

    [Fact]
    public void Enrolment_form_posts_the_api_field_names_and_publishes_the_server_messages()
    {
        var page = GeneratedSite.Page($"/formations/{Slug}/inscription/2027-03-lyon/");
        var form = page.QuerySelector("form[data-form=enrolment]")!;
        Assert.Equal("/api/enrolments", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("2027-03-lyon", form.QuerySelector("input[name=sessionId]")?.GetAttribute("value"));
        string[] names =
        [
            "trainees[0].firstName", "trainees[0].lastName", "trainees[0].email", "trainees[0].phone", "trainees[0].organisation",
            "trainees[0].jobTitle", "trainees[0].category", "trainees[2].email", "payer.kind", "payer.name", "payer.email",
            "payer.address", "payer.siret", "payer.purchaseOrder", "paymentMethod", "prerequisitesConfirmed", "consent",
            "accessibilityNeeds", "website", "contractAccepted", "contractVersion",
        ];
        foreach (var name in names)
            Assert.True(form.QuerySelector($"[name='{name}']") is not null, $"missing field {name}");
        Assert.Equal(3, form.QuerySelectorAll("[data-trainee]").Length);
        Assert.NotNull(form.QuerySelector("input[name='trainees[0].firstName'][required]"));
        Assert.Null(form.QuerySelector("input[name='trainees[1].firstName'][required]"));
        Assert.Equal(["professional", "volunteer"], form.QuerySelectorAll("input[name='trainees[0].category']").Select(i => i.GetAttribute("value")!));
        Assert.Equal(["card", "invoice"], form.QuerySelectorAll("input[name=paymentMethod]").Select(i => i.GetAttribute("value")!));
        var honeypot = form.QuerySelector("input[name=website]")!;
        Assert.Equal(("-1", "off"), (honeypot.GetAttribute("tabindex"), honeypot.GetAttribute("autocomplete")));
        Assert.Equal("Ne pas remplir", page.QuerySelector("label[for=website]")?.TextContent);
        // Without the script there is no renderedAt, idempotencyKey or waitingList field.
        Assert.Null(form.QuerySelector("[name=renderedAt], [name=idempotencyKey], [name=waitingList]"));

        using var contract = JsonDocument.Parse(page.QuerySelector("script#form-messages")!.TextContent);
        var messages = contract.RootElement.GetProperty("messages").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(EnrolmentMessages.All.OrderBy(m => m.Key), messages.OrderBy(m => m.Key)!);
        Assert.Equal(FieldLimits.MaxTraineesPerEnrolment, contract.RootElement.GetProperty("limits").GetProperty(nameof(FieldLimits.MaxTraineesPerEnrolment)).GetInt32());
        // Every label points at a field of the page.
        foreach (var label in page.QuerySelectorAll("label[for]"))
            Assert.NotNull(page.GetElementById(label.GetAttribute("for")!));
    }

    [Fact]
    public void A_course_file_missing_a_required_field_fails_the_build_with_its_file_and_field_named()
    {
        using var site = new SiteCopy();
        var file = site.CourseFile(Slug);
        File.WriteAllText(file, string.Join('\n', File.ReadAllLines(file).Where(l => !l.StartsWith("Audience:", StringComparison.Ordinal) && !l.StartsWith("  Directeurs/trices", StringComparison.Ordinal) && !l.StartsWith("  chargé/es", StringComparison.Ordinal))));

        var (exit, _, error) = site.RunCommand();

        Assert.Equal(1, exit);
        Assert.Contains($"{Slug}.md", error);
        Assert.Contains("Audience", error);
        Assert.False(Directory.Exists(site.Output));
    }

    [Fact]
    public void A_legal_fact_still_to_complete_fails_the_build_naming_the_key_unless_a_local_preview_is_asked()
    {
        using var site = new SiteCopy();
        var refused = Assert.Throws<ContentException>(() => SiteBuilder.Build(site.Options with { LegalExamples = false }));
        Assert.Contains("Legal.Siret", refused.Message);
        Assert.Contains("Legal.Address", refused.Message);
        Assert.False(Directory.Exists(site.Output));

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(1, SiteCommand.Run(["build", "--site", site.Folder], output, error));
        Assert.Contains("Legal.Siret", error.ToString());
        Assert.Equal(0, SiteCommand.Run(["build", "--site", site.Folder, "--exemples"], output, error));
    }

    [Fact]
    public void A_missing_qualiopi_value_in_settings_fails_the_build_naming_the_setting()
    {
        using var site = new SiteCopy();
        var settings = Path.Combine(site.Folder, "settings.yml");
        var lines = File.ReadAllLines(settings).ToList();
        var at = lines.FindIndex(l => l.StartsWith("AccessDelay:", StringComparison.Ordinal));
        lines.RemoveRange(at, 2);
        File.WriteAllLines(settings, lines);

        var e = Assert.Throws<ContentException>(() => site.Build());

        var error = Assert.Single(e.Errors);
        Assert.Equal("AccessDelay", error.Field);
        Assert.EndsWith("settings.yml", error.File);
    }

    [Fact]
    public void A_course_template_that_drops_a_qualiopi_item_fails_the_build()
    {
        using var site = new SiteCopy();
        var template = Path.Combine(site.Folder, "theme", "_course.liquid");
        File.WriteAllText(template, File.ReadAllText(template).Replace("data-qualiopi=\"access-delay\"", "", StringComparison.Ordinal));

        var e = Assert.Throws<ContentException>(() => site.Build());

        Assert.Contains(e.Errors, err => err.Field == "access-delay" && err.File.EndsWith($"{Slug}.md", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_without_a_description_fails_the_build()
    {
        using var site = new SiteCopy();
        var page = Path.Combine(site.Folder, "input", "mentions-legales.md");
        File.WriteAllLines(page, File.ReadAllLines(page).Where(l => !l.StartsWith("Description:", StringComparison.Ordinal)));

        var e = Assert.Throws<ContentException>(() => site.Build());

        Assert.Contains(e.Errors, err => err.Field == "Description" && err.File.EndsWith("mentions-legales.md", StringComparison.Ordinal));
    }
}
