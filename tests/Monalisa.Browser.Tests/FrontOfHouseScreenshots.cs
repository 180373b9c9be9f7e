using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Playwright;

namespace Monalisa.Browser.Tests;

/// <summary>
/// Issue 15's « must show »: what a visitor and a trainee see, at 375 px and 1280 px, as full-page screenshots under
/// artifacts/screenshots/front-of-house/: the home page, the course page, the enrolment form filled for an
/// organisation and for a self-funded trainee, the CGV, and one email of each kind the journeys send, as /_dev/mail
/// shows it. Each page is checked (no sideways scrolling, axe-core: no serious or critical violation), not only shot.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class FrontOfHouseScreenshots(AzuriteFixture storage, ChromiumFixture chromium) : IAsyncLifetime
{
    private static readonly int[] Widths = [375, 1280];
    private static string Folder => Path.Combine(ChromiumFixture.Screenshots, "front-of-house");

    private JourneySite _site = null!;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _problems = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        _site = await JourneySite.StartAsync(storage);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task The_public_pages_and_both_forms_at_375_and_1280_pixels()
    {
        foreach (var width in Widths)
        {
            var page = await NewPageAsync(width);

            await page.GotoAsync(_site.Url("/"));
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"a[href*='{_site.Course.Slug}']").First).ToBeVisibleAsync();
            await ShootAsync(page, "home", width);

            await page.GotoAsync(_site.Url(_site.CoursePath));
            await Assertions.Expect(page.Locator($"tr[data-session-id='{_site.Session.Id}'] [data-seats]")).ToHaveTextAsync("15 places restantes");
            await ShootAsync(page, "course", width);

            await page.GotoAsync(_site.Url(_site.EnrolPath));
            await FillTraineeAsync(page, "Camille", "Martin", "camille.martin@exemple.org");
            await FillOrganisationAsync(page, invoice: true);
            await Assertions.Expect(page.Locator("[data-quote] .total")).ToHaveTextAsync(new Regex(@"500\s€"));
            await ShootAsync(page, "form-organisation", width);

            await page.GotoAsync(_site.Url(_site.EnrolPath));
            await FillTraineeAsync(page, "Dominique", "Durand", "dominique.durand@exemple.org");
            await FillSelfFundedAsync(page);
            await Assertions.Expect(page.Locator("[data-contract]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-contract]")).ToContainTextAsync("Contrat de formation professionnelle");
            await ShootAsync(page, "form-self-funded", width);

            var cgv = await page.GotoAsync(_site.Url("/conditions-generales/"));
            Assert.Equal(200, cgv!.Status);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Conditions générales");
            await ShootAsync(page, "cgv", width);
        }
        AssertClean();
    }

    [Fact]
    public async Task One_email_of_each_kind_the_journeys_send_at_375_and_1280_pixels()
    {
        var page = await NewPageAsync(1280);
        await CardJourneyAsync(page);
        await InvoiceJourneyAsync(page);
        await IntraJourneyAsync(page);
        await SelfFundedJourneyAsync(page);
        await WaitingListJourneyAsync(page);
        (await _site.Api.Client.PostAsync("/_dev/queues/run", null)).EnsureSuccessStatusCode();

        await page.GotoAsync(_site.Url("/_dev/mail"));
        var rows = await page.Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.cells[3].textContent.trim(), r.cells[2].textContent.trim(), r.cells[2].querySelector('a').getAttribute('href')])");
        // Oldest first, so that each kind is shown by the first email of it that the journeys sent.
        var kinds = rows.Reverse().GroupBy(r => r[0]).Select(g => (Kind: g.Key, Subject: g.First()[1], Href: g.First()[2])).ToList();
        string[] expected = ["inscription-confirmee", "convocation", "inscription-enregistree", "demande-intra-recue", "liste-attente", "contrat-formation"];
        Assert.True(expected.All(k => kinds.Any(m => m.Kind == k)), "Kinds sent: " + string.Join(", ", kinds.Select(k => k.Kind)));

        foreach (var width in Widths)
        {
            var reader = await NewPageAsync(width);
            foreach (var (kind, subject, href) in kinds)
            {
                // The page a developer reads (headers, text version) is checked by axe; the email itself, as a mail
                // client shows it (sandboxed, no script), is the screenshot.
                await reader.GotoAsync(_site.Url(href));
                await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync(subject);
                await CheckAsync(reader, $"mail {kind}", width);
                await reader.GotoAsync(_site.Url(href + "/html"));
                await Assertions.Expect(reader.Locator("body")).Not.ToBeEmptyAsync();
                var file = Path.Combine(Folder, $"email-{kind}-{width}.png");
                await reader.ScreenshotAsync(new() { Path = file, FullPage = true });
                Assert.True(new FileInfo(file).Length > 5_000, $"{file} is nearly empty");
                // Staff read theirs at a desk; what a payer or a trainee receives must read on a phone.
                if (width == 375 && !kind.StartsWith("staff", StringComparison.Ordinal) && !await FitsAsync(reader))
                    _problems.Add($"email {kind} scrolls sideways at 375 px");
            }
        }
        AssertClean();
    }

    // ---- journeys: each sends the emails of one kind of enrolment ----

    private async Task CardJourneyAsync(IPage page)
    {
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        await FillTraineeAsync(page, "Camille", "Carte", "camille.carte@exemple.org");
        await FillOrganisationAsync(page, invoice: false);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/_dev/checkout/**");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Payer") }).ClickAsync();
        await page.WaitForURLAsync("**/inscription/confirmee/**");
    }

    private async Task InvoiceJourneyAsync(IPage page)
    {
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        await FillTraineeAsync(page, "Dominique", "Facture", "dominique.facture@exemple.org");
        await FillOrganisationAsync(page, invoice: true);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/inscription/enregistree/**");
    }

    private async Task IntraJourneyAsync(IPage page)
    {
        await page.GotoAsync(_site.Url(_site.IntraPath));
        await page.FillAsync("#organisation", "CCAS de Villeurbanne");
        await page.FillAsync("#contactName", "Alex Durand");
        await page.FillAsync("#email", "alex.durand@villeurbanne.example.org");
        await page.FillAsync("#participants", "8");
        await page.CheckAsync("#consent");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/demande-intra/recue/**");
    }

    private async Task SelfFundedJourneyAsync(IPage page)
    {
        // Links in the API's answers use the default site address (localhost:7071): send them to this test's host.
        await page.Context.RouteAsync("http://localhost:7071/**", route =>
            route.ContinueAsync(new() { Url = _site.Url(new Uri(route.Request.Url).PathAndQuery) }));
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        await FillTraineeAsync(page, "Sacha", "Lui-Même", "sacha.luimeme@exemple.org");
        await FillSelfFundedAsync(page);
        // The contract is written for the person once their details are in: accept it once it names them.
        await Assertions.Expect(page.Locator("[data-contract-text]")).ToContainTextAsync("Sacha Lui-Même");
        await page.CheckAsync("#contractAccepted");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/_dev/setup/cs_offline_setup_"));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/inscription/enregistree/"));
    }

    /// <summary>Every place but none taken (written with the store's keys, as journey 5 does), then the waiting list.</summary>
    private async Task WaitingListJourneyAsync(IPage page)
    {
        var table = new TableClient(storage.ConnectionString, "Enrolments");
        await table.CreateIfNotExistsAsync();
        for (var seat = 1; seat <= _site.Session.Capacity; seat++)
            await table.UpsertEntityAsync(new TableEntity(_site.Session.Id, $"seat|{seat:D2}"));
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        await FillTraineeAsync(page, "Noa", "Attente", "noa.attente@exemple.org");
        await FillOrganisationAsync(page, invoice: true);
        await page.ClickAsync("button[type=submit]");
        var join = page.GetByRole(AriaRole.Button, new() { Name = "M’inscrire sur la liste d’attente" });
        await join.ClickAsync();
        await page.WaitForURLAsync("**/inscription/liste-attente/**");
    }

    // ---- the form ----

    private static async Task FillTraineeAsync(IPage page, string firstName, string lastName, string email)
    {
        await page.FillAsync("#t0-firstName", firstName);
        await page.FillAsync("#t0-lastName", lastName);
        await page.FillAsync("#t0-email", email);
        await page.CheckAsync("#t0-category-professional");
        // The live quote grows above the payer fields: wait for it, or the next click can land where a field was.
        await Assertions.Expect(page.Locator("[data-quote] .total")).ToBeVisibleAsync();
    }

    private static async Task FillOrganisationAsync(IPage page, bool invoice)
    {
        await page.CheckAsync("#payer-kind-organisation");
        await page.FillAsync("#payer-name", "Centre social des Pentes");
        await page.FillAsync("#payer-email", "compta@centre-social.example.org");
        await page.FillAsync("#payer-address", "1 rue de l’Exemple, 69001 Lyon");
        await page.CheckAsync(invoice ? "#paymentMethod-invoice" : "#paymentMethod-card");
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");
    }

    /// <summary>« Le stagiaire lui-même »: the payer fields the form still shows are filled (the trainee is the payer).</summary>
    private static async Task FillSelfFundedAsync(IPage page)
    {
        await page.CheckAsync("#payer-kind-individual");
        foreach (var (field, value) in new[] { ("#payer-name", "Le stagiaire"), ("#payer-email", "stagiaire@exemple.org"),
                     ("#payer-street", "2 rue de l’Exemple"), ("#payer-postalCode", "69001"), ("#payer-city", "Lyon") })
            if (await page.Locator(field).IsVisibleAsync() && await page.Locator(field).InputValueAsync() == "")
                await page.FillAsync(field, value);
        if (await page.Locator("#paymentMethod-card").IsVisibleAsync()) await page.CheckAsync("#paymentMethod-card");
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");
    }

    // ---- checks ----

    private async Task<IPage> NewPageAsync(int width)
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, Locale = "fr-FR" });
        _contexts.Add(context);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _problems.Add($"{page.Url}: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 500) _problems.Add($"{response.Status} {response.Url}");
        };
        return page;
    }

    /// <summary>A full-page screenshot, then the checks: nothing wider than the viewport, no serious axe violation.</summary>
    private async Task ShootAsync(IPage page, string name, int width)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var file = Path.Combine(Folder, $"{name}-{width}.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000, $"{file} is nearly empty");
        await CheckAsync(page, name, width);
    }

    private async Task CheckAsync(IPage page, string name, int width)
    {
        if (!await FitsAsync(page)) _problems.Add($"{name} scrolls sideways at {width} px");
        _problems.AddRange((await Axe.RunAsync(page)).Select(v => $"{name} at {width} px: {v}"));
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private void AssertClean() => Assert.True(_problems.Count == 0, string.Join(Environment.NewLine, _problems));
}
