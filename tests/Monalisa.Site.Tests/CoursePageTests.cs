using Monalisa.Domain.Text;
using System.Globalization;
using System.Text.Json;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Site.Tests;

public sealed class CoursePageTests
{
    private const string Slug = SiteSource.RealSlug;
    private static readonly Course Course = CourseContent.LoadEmbeddedCatalogue().FindCourse(Slug)!;

    /// <summary>
    /// The brochure (/work/shared/seed), sentence by sentence, as the course file transcribes it: typographic
    /// apostrophes, « cœur » for the brochure's « coeur », hyphenation at line ends undone.
    /// </summary>
    public static TheoryData<string> BrochureSentences() =>
    [
        "Animer une stratégie de coopération MONALISA",
        "L’un des principes d’action de la Mobilisation nationale contre l’isolement des âgés consiste à promouvoir et faciliter les « coopérations » d’acteurs sur les territoires, afin de mailler, soutenir et développer les initiatives contre l’isolement.",
        "Pour les acteurs qui sont déjà inscrits dans la démarche et souhaitent l’approfondir, en particulier pour les professionnels en situation d’animer ou de co-animer une coopération d’acteurs, cette formation propose d’appréhender les enjeux stratégiques de l’animation des coopérations.",
        "Le sens de la coopération, les repères pour sa constitution et son élargissement, les postures facilitantes et les concrétisations possibles sont au cœur de ce stage.",
        // The brochure's « Une formation pour » heading only introduces the subtitle, which the page's lead shows.
        "Approfondir sa posture d’animateur de coopération",
        "Objectifs",
        "S’approprier le sens et les repères de la coopération MONALISA",
        "Identifier les ressources et les potentialités de son territoire et pouvoir les travailler",
        "Comprendre les dynamiques de coopération dans le temps",
        "Cerner la diversité des modes d’animation et les postures facilitant une coopération durable",
        "Appréhender la territorialisation de l’action de la coopération",
        "Maîtriser les différents modes de soutien possibles aux équipes citoyennes",
        "Contenus",
        "Pourquoi faire ensemble ou le sens de la coopération",
        "« L’isolement de tous » : les professionnels face à l’isolement social",
        "Coopérer sur les territoires : philosophie d’une méthode intégrée",
        "Comment faire ensemble ou la question des postures",
        "Les étapes de la constitution d’une coopération : préparer le montage, penser l’ancrage territorial et agir en coopération durable",
        "Les postures facilitantes",
        "Que faire ensemble ou les concrétisations possibles",
        "Concrétiser l’action de la coopération et l’ancrer sur le territoire",
        "Déployer et soutenir les équipes citoyennes pour recréer du lien social dans la proximité",
        "Méthodes pédagogiques",
        "Apports théoriques, témoignages d’acteurs impliqués, ateliers à partir des expériences des participants, mises en situation",
        "Public",
        "Directeurs/trices et cadres de collectivités territoriales, d’établissements et services médico-sociaux, chargé/es de mission en gérontologie, agents de développement, cadres associatifs…",
        "Prérequis",
        "Avoir suivi la formation « Fondamentaux » ou être engagé activement dans la démarche MONALISA",
        "Être partie prenante d’une dynamique de coopération territoriale existante ou en devenir",
        "Durée",
        // The brochure writes « 14h »; the site follows French typography (« 14 h »).
        "2 jours (14 h) en présentiel",
        "Lieu",
        "Intra ou inter-organisme",
        "Calendrier",
        "www.monalisa-asso.fr",
        "Tarifs",
    ];

    [Theory]
    [MemberData(nameof(BrochureSentences))]
    public void Every_brochure_sentence_appears_on_the_course_page(string sentence)
    {
        var text = GeneratedSite.Normalize(GeneratedSite.Page(GeneratedSite.CoursePath(Slug)).Body!.TextContent);
        Assert.Contains(sentence, text);
    }

    [Fact]
    public void Brochure_sections_appear_in_the_brochure_order()
    {
        var headings = GeneratedSite.Page(GeneratedSite.CoursePath(Slug)).QuerySelectorAll("h2").Select(h => h.TextContent.Trim()).ToList();
        string[] order = ["Présentation", "Objectifs", "Contenus", "Méthodes pédagogiques", "Public", "Prérequis", "Durée", "Lieu", "Calendrier", "Tarifs"];
        Assert.Equal(order, headings.Where(order.Contains));
        Assert.Equal(3, GeneratedSite.Page(GeneratedSite.CoursePath(Slug)).QuerySelectorAll("#contenus ~ h3").Length);
    }

    [Fact]
    public void Tariffs_table_shows_the_tariff_engine_prices_per_day_and_for_the_course()
    {
        var page = GeneratedSite.Page(GeneratedSite.CoursePath(Slug));
        var professional = Line(TariffEngine.Price(Course, QuoteRequest.Inter(1, 0)));
        var volunteer = Line(TariffEngine.Price(Course, QuoteRequest.Inter(0, 1)));
        var intra = Line(TariffEngine.Price(Course, QuoteRequest.Intra()));

        foreach (var (category, line) in new[] { ("professional", professional), ("volunteer", volunteer), ("intra", intra) })
        {
            var cells = page.QuerySelectorAll($"table.prices tr[data-price-category='{category}'] td").Select(c => ShownEuros(c.TextContent)).ToList();
            Assert.Equal([line.UnitPricePerDay, line.Amount], cells);
        }
        // The brochure's own figures, as a guard against the engine and the file drifting together.
        Assert.Equal((250m, 500m, 150m, 300m, 1500m, 3000m),
            (professional.UnitPricePerDay, professional.Amount, volunteer.UnitPricePerDay, volunteer.Amount, intra.UnitPricePerDay, intra.Amount));
    }

    [Fact]
    public void Json_ld_is_a_course_with_one_instance_per_session_and_offers_priced_by_the_engine()
    {
        var page = GeneratedSite.Page(GeneratedSite.CoursePath(Slug));
        var script = Assert.Single(page.QuerySelectorAll("script[type='application/ld+json']"));
        using var json = JsonDocument.Parse(script.TextContent);
        var root = json.RootElement;
        Assert.Equal("https://schema.org", root.GetProperty("@context").GetString());
        Assert.Equal("Course", root.GetProperty("@type").GetString());
        Assert.Equal(Course.Title, root.GetProperty("name").GetString());

        var instances = root.GetProperty("hasCourseInstance").EnumerateArray().ToList();
        Assert.Equal(Course.Sessions.Count, instances.Count);
        foreach (var (instance, session) in instances.Zip(Course.Sessions.OrderBy(s => s.Start)))
        {
            Assert.Equal("onsite", instance.GetProperty("courseMode").GetString());
            Assert.Equal(session.Start.ToString("yyyy-MM-dd"), instance.GetProperty("startDate").GetString());
            Assert.Equal(session.End.ToString("yyyy-MM-dd"), instance.GetProperty("endDate").GetString());
            if (session.IsExample)
            {
                // A placeholder venue is not a real place: Json_ld_publishes_no_location_for_an_example_session.
                Assert.False(instance.TryGetProperty("location", out _));
                continue;
            }
            Assert.Equal(session.City, instance.GetProperty("location").GetProperty("address").GetProperty("addressLocality").GetString());
            Assert.Equal(session.Venue, instance.GetProperty("location").GetProperty("name").GetString());
        }

        var offered = root.GetProperty("offers").EnumerateArray()
            .Select(o => (o.GetProperty("price").GetDecimal(), o.GetProperty("priceCurrency").GetString())).ToList();
        var expected = new[] { QuoteRequest.Inter(1, 0), QuoteRequest.Inter(0, 1), QuoteRequest.Intra() }
            .Select(r => (Line(TariffEngine.Price(Course, r)).Amount, (string?)"EUR")).ToList();
        Assert.Equal(expected, offered);
    }

    [Fact]
    public void Json_ld_offers_use_the_category_google_documents_and_keep_their_labels_as_names()
    {
        var offers = JsonLd().GetProperty("offers").EnumerateArray().ToList();
        Assert.Equal(3, offers.Count);
        // Google's course info: offers.category is one of Free, Partially Free, Subscription, Paid.
        Assert.All(offers, o => Assert.Equal("Paid", o.GetProperty("category").GetString()));
        var names = offers.Select(o => o.TryGetProperty("name", out var n) ? n.GetString() : null).ToList();
        Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n)));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains(names, n => n!.Contains("bénévole", StringComparison.Ordinal));
        Assert.Contains(names, n => n!.Contains("Intra", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_ld_publishes_no_location_for_an_example_session()
    {
        var examples = Course.Sessions.Where(s => s.IsExample).OrderBy(s => s.Start).ToList();
        Assert.NotEmpty(examples);
        var instances = JsonLd().GetProperty("hasCourseInstance").EnumerateArray().ToList();
        foreach (var session in examples)
        {
            var instance = Assert.Single(instances, i => i.GetProperty("startDate").GetString() == session.Start.ToString("yyyy-MM-dd"));
            Assert.False(instance.TryGetProperty("location", out _), $"Session d'exemple {session.Id} publiée avec un lieu");
        }
        Assert.DoesNotContain("(exemple)", JsonLd().GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ld_publishes_the_location_of_a_real_session()
    {
        using var site = new SiteCopy();
        var file = site.CourseFile(Slug);
        var lines = File.ReadAllLines(file).ToList();
        // The Lyon session becomes real: its example flag and « (exemple) » marks go.
        lines.RemoveAt(lines.FindIndex(l => l.Trim() == "Example: true"));
        File.WriteAllLines(file, lines.Select(l => l.Contains("Lyon (exemple)", StringComparison.Ordinal) || l.Contains("Maison des associations (exemple)", StringComparison.Ordinal)
            ? l.Replace(" (exemple)", "", StringComparison.Ordinal) : l));
        site.Build();

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(site.Output, "formations", Slug, "index.html")));
        using var json = JsonDocument.Parse(Assert.Single(page.QuerySelectorAll("script[type='application/ld+json']")).TextContent);
        var instances = json.RootElement.GetProperty("hasCourseInstance").EnumerateArray().ToList();
        var location = Assert.Single(instances, i => i.TryGetProperty("location", out _)).GetProperty("location");
        Assert.Equal("Maison des associations", location.GetProperty("name").GetString());
        Assert.Equal("28 rue Denfert-Rochereau, 69004 Lyon", location.GetProperty("address").GetProperty("streetAddress").GetString());
        Assert.Equal("Lyon", location.GetProperty("address").GetProperty("addressLocality").GetString());
    }

    private static JsonElement JsonLd()
    {
        var script = Assert.Single(GeneratedSite.Page(GeneratedSite.CoursePath(Slug)).QuerySelectorAll("script[type='application/ld+json']"));
        using var json = JsonDocument.Parse(script.TextContent);
        return json.RootElement.Clone();
    }

    [Fact]
    public void Every_qualiopi_item_is_published_on_the_course_page()
    {
        var page = GeneratedSite.Page(GeneratedSite.CoursePath(Slug));
        foreach (var (item, _) in QualiopiCheck.Items)
        {
            var element = page.QuerySelector($"[data-qualiopi='{item}']");
            Assert.True(element is not null, $"Qualiopi item {item} missing");
            Assert.False(string.IsNullOrWhiteSpace(element!.TextContent), $"Qualiopi item {item} empty");
        }
        var text = GeneratedSite.Normalize(page.Body!.TextContent);
        Assert.Contains("Délai d’accès", text);
        Assert.Contains("Page mise à jour le 26 novembre 2026", text);
        Assert.Contains("Accessibilité et handicap", text);
    }

    [Fact]
    public void Calendar_lists_each_session_with_dates_city_venue_an_example_mark_and_an_enrol_link()
    {
        var page = GeneratedSite.Page(GeneratedSite.CoursePath(Slug));
        foreach (var session in Course.Sessions)
        {
            var row = page.QuerySelector($"tr[data-session-id='{session.Id}']");
            Assert.NotNull(row);
            var text = GeneratedSite.Normalize(row!.TextContent);
            Assert.Contains(session.City, text);
            Assert.Contains(session.Venue, text);
            Assert.Contains(session.Start.ToString("MMMM", CultureInfo.GetCultureInfo("fr-FR")), text);
            Assert.Contains("session d’exemple", text);
            Assert.Equal($"/formations/{Slug}/inscription/{session.Id}/", row.QuerySelector("a[data-enrol-link]")?.GetAttribute("href"));
        }
        var actions = page.QuerySelectorAll("a.button").Select(a => GeneratedSite.Normalize(a.TextContent)).ToList();
        Assert.Contains("S’inscrire à une session (inter)", actions);
        Assert.Contains("Demander une session intra", actions);
    }

    [Fact]
    public void Catalogue_card_shows_duration_format_next_session_and_the_lowest_price()
    {
        var card = Assert.Single(GeneratedSite.Page("/").QuerySelectorAll(".card"));
        var text = GeneratedSite.Normalize(card.TextContent);
        Assert.Contains(Course.Title, text);
        Assert.Contains(Course.Subtitle, text);
        Assert.Contains("2 jours (14 h)", text);
        Assert.Contains(Course.Format, text);
        Assert.Contains("du 16 au 17 mars 2027, Lyon", text);
        Assert.Contains("à partir de " + GeneratedSite.Normalize(FrenchFormat.Euros(TariffEngine.PriceFrom(Course)!.Value)) + " par stagiaire", text);
        // The cheapest: a volunteer, 150 € a day for 2 days.
        Assert.Contains("à partir de 300 € par stagiaire", text);
    }

    [Fact]
    public void Course_hero_names_the_cities_of_the_coming_sessions_as_the_place_and_no_longer_repeats_the_subtitle()
    {
        var page = GeneratedSite.Page(GeneratedSite.CoursePath(Slug));
        var facts = page.QuerySelectorAll(".course-head .facts div").ToDictionary(d => d.QuerySelector("dt")!.TextContent, d => GeneratedSite.Normalize(d.QuerySelector("dd")!.TextContent));
        Assert.Equal("Lyon, Paris et Bordeaux, ou dans votre organisme", facts["Lieu"]);
        Assert.DoesNotContain(page.QuerySelectorAll("h2"), h => h.TextContent.Contains("Une formation pour", StringComparison.Ordinal));
        Assert.Single(page.QuerySelectorAll("p"), p => p.TextContent.Trim() == Course.Subtitle);
    }

    [Fact]
    public void Course_page_says_how_learning_is_assessed_what_the_trainee_receives_how_to_fund_it_and_where_results_will_be()
    {
        var page = GeneratedSite.Page(GeneratedSite.CoursePath(Slug));
        Assert.Equal(Course.Assessment, GeneratedSite.Normalize(page.QuerySelector("[data-qualiopi='assessment']")!.TextContent));
        var end = GeneratedSite.Normalize(page.QuerySelector("[data-end-of-course]")!.TextContent);
        Assert.Contains("attestation de fin de formation", end);
        Assert.Contains("certificat de réalisation", end);
        var funding = page.QuerySelectorAll("[data-funding] li").Select(li => GeneratedSite.Normalize(li.TextContent)).ToList();
        Assert.Contains(funding, f => f.Contains("OPCO", StringComparison.Ordinal));
        Assert.Contains(funding, f => f.Contains("plan de développement des compétences", StringComparison.Ordinal));
        Assert.Contains(funding, f => f.StartsWith("À vos frais", StringComparison.Ordinal));
        Assert.Contains(funding, f => f.Contains("n’est pas éligible au compte personnel de formation (CPF)", StringComparison.Ordinal));
        Assert.Contains("publiés après les premières sessions", page.QuerySelector("[data-qualiopi='results']")!.TextContent);
    }

    [Fact]
    public void Result_figures_of_the_course_file_replace_the_pending_note_and_one_without_its_period_is_refused()
    {
        using var site = new SiteCopy();
        var file = site.CourseFile(Slug);
        var text = File.ReadAllText(file);
        File.WriteAllText(file, text.Replace("Results: []", "Results:\n  - Figure: 94 %\n    Label: des stagiaires satisfaits ou très satisfaits\n    Period: sessions 2027", StringComparison.Ordinal));
        site.Build();
        var results = GeneratedSite.Normalize(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
            File.ReadAllText(Path.Combine(site.Output, "formations", Slug, "index.html"))).QuerySelector("[data-qualiopi='results']")!.TextContent);
        Assert.Equal("94 % des stagiaires satisfaits ou très satisfaits (sessions 2027)", results);

        File.WriteAllText(file, text.Replace("Results: []", "Results:\n  - Figure: 94 %\n    Label: des stagiaires satisfaits", StringComparison.Ordinal));
        var e = Assert.Throws<ContentException>(() => site.Build());
        Assert.Contains(e.Errors, err => err.Field == "Results[0].Period");
    }

    [Fact]
    public void The_published_enrolment_deadline_is_written_from_the_setting_the_server_enforces_and_only_on_inter_pages()
    {
        var page = GeneratedSite.Page(GeneratedSite.CoursePath(Slug));
        Assert.StartsWith("Inscription possible jusqu’à 7 jours avant le début de la session",
            GeneratedSite.Normalize(page.QuerySelector("[data-qualiopi='access-delay']")!.TextContent));
        var intra = GeneratedSite.Normalize(GeneratedSite.Page($"/formations/{Slug}/demande-intra/").Body!.TextContent);
        Assert.DoesNotContain("Inscription possible jusqu", intra);
        Assert.Contains("Pour une session intra, comptez en général 2 à 3 mois", intra);

        using var site = new SiteCopy();
        var settings = Path.Combine(site.Folder, "settings.yml");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("ClosesDaysBefore: 7", "ClosesDaysBefore: 10", StringComparison.Ordinal));
        site.Build();
        Assert.Contains("Inscription possible jusqu’à 10 jours avant le début",
            GeneratedSite.Normalize(File.ReadAllText(Path.Combine(site.Output, "formations", Slug, "index.html"))));
    }

    [Fact]
    public void Intra_request_page_shows_the_engine_flat_rate_quote()
    {
        var page = GeneratedSite.Page($"/formations/{Slug}/demande-intra/");
        var amount = page.QuerySelector("[data-intra-quote] [data-amount]")!;
        Assert.Equal(Line(TariffEngine.Price(Course, QuoteRequest.Intra())).Amount, ShownEuros(amount.TextContent));
        Assert.Equal(3000m, ShownEuros(amount.TextContent));
        var form = page.QuerySelector("form")!;
        Assert.Equal("/api/intra-requests", form.GetAttribute("action"));
        foreach (var name in new[] { "courseSlug", "organisation", "contactName", "email", "phone", "participants", "periods", "place", "message", "consent", "website" })
            Assert.NotNull(form.QuerySelector($"[name='{name}']"));
    }

    private static QuoteLine Line(QuoteOutcome outcome) => Assert.Single(Assert.IsType<QuoteOutcome.Priced>(outcome).Quote.Lines);

    /// <summary>« 1 500 € » as the page shows it, back to a number.</summary>
    private static decimal ShownEuros(string text) =>
        decimal.Parse(new string([.. text.Where(c => char.IsDigit(c) || c == ',')]), CultureInfo.GetCultureInfo("fr-FR"));
}
