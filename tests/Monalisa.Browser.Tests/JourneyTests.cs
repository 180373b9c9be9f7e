using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Playwright;
using Monalisa.Domain.Enrolment;
using Monalisa.LocalHost;
using Xunit.Abstractions;

namespace Monalisa.Browser.Tests;

/// <summary>
/// Issue 8's journeys, end to end: Debian's Chromium at 375 px, the generated site and the real local host over
/// Azurite, offline checkout, timers and the file outbox. Each journey gets a fresh data set (<see cref="JourneySite"/>),
/// runs axe-core on every page it visits, keeps a screenshot of each under artifacts/screenshots/journeys/ and ends
/// with its emails read at /_dev/mail.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed partial class JourneyTests(AzuriteFixture storage, ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Width = 375;
    private static readonly Regex Total1300 = new(@"1\s300\s€");

    private JourneySite _site = null!;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _violations = [];
    private readonly List<string> _consoleErrors = [];
    private readonly HashSet<IPage> _withoutScripts = [];
    private readonly Stopwatch _clock = new();
    private string _journey = "";
    private int _shots;
    private List<string> _mails = [];

    public async Task InitializeAsync()
    {
        _site = await JourneySite.StartAsync(storage);
        _clock.Start();
    }

    public async Task DisposeAsync()
    {
        // The summary line bench/run.sh copies into docs/quality.md.
        output.WriteLine($"{_shots} pages vérifiées par axe et capturées à {Width} px, {_mails.Count} e-mail{(_mails.Count > 1 ? "s" : "")} lu{(_mails.Count > 1 ? "s" : "")} à /_dev/mail, {_clock.Elapsed.TotalSeconds:0.0} s");
        // Details, indented: the report keeps only the line above.
        foreach (var mail in _mails) output.WriteLine(mail);
        foreach (var context in _contexts) await context.CloseAsync();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task Journey_1_an_organisation_pays_by_card_for_two_professionals_and_a_volunteer()
    {
        Begin("1-card");
        var page = await NewPageAsync();
        await ExpectSeatsLeftAsync(page, "15 places restantes");

        var trainees = await FillCardEnrolmentAsync(page);
        await page.ClickAsync("button[type=submit]");

        await PayAtOfflineCheckoutAsync(page);
        await ExpectConfirmedPageAsync(page);
        await ExpectSeatsLeftAsync(page, "12 places restantes");

        var mails = await MailsAsync(page);
        AssertCardConfirmationMails(mails, trainees);
        AssertClean();
    }

    [Fact]
    public async Task Journey_2_cancelling_at_checkout_keeps_the_seats_until_the_hold_is_released()
    {
        Begin("2-cancel");
        var page = await NewPageAsync();
        await FillCardEnrolmentAsync(page);
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/_dev/checkout/**");
        await CheckPageAsync(page, "checkout");
        await page.GetByRole(AriaRole.Link, new() { Name = "Annuler" }).ClickAsync();
        await page.WaitForURLAsync("**/inscription/annulee/**");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Paiement annulé");
        await Assertions.Expect(page.Locator("[data-status]")).ToBeVisibleAsync();
        await CheckPageAsync(page, "cancelled");

        // The hold lasts 45 minutes (a 35-minute checkout, then a margin): until then the three places stay taken.
        await ExpectSeatsLeftAsync(page, "12 places restantes");
        _site.Api.Clock.Advance(TimeSpan.FromMinutes(46));
        (await _site.Api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null)).EnsureSuccessStatusCode();
        await ExpectSeatsLeftAsync(page, "15 places restantes");

        var mails = await MailsAsync(page);
        Assert.Equal(["compta@ccas-villeurbanne.example.org"], mails.Where(m => m.Subject.StartsWith("Paiement non abouti", StringComparison.Ordinal)).Select(m => m.To));
        Assert.DoesNotContain(mails, m => m.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal) || m.Subject.StartsWith("Convocation", StringComparison.Ordinal));
        AssertClean();
    }

    [Fact]
    public async Task Journey_3_a_local_authority_enrols_on_invoice_with_a_siret_and_a_purchase_order()
    {
        Begin("3-invoice");
        var page = await NewPageAsync();
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        await FillTraineeAsync(page, 0, "Dominique", "Leroy", "dominique.leroy@villeurbanne.example.org", "professional");
        await page.CheckAsync("#payer-kind-organisation");
        await page.FillAsync("#payer-name", "Mairie de Villeurbanne");
        await page.FillAsync("#payer-email", "finances@villeurbanne.example.org");
        await page.FillAsync("#payer-address", "Place Lazare-Goujon, 69100 Villeurbanne");
        await page.FillAsync("#payer-siret", "216 902 664 00017");
        await page.FillAsync("#payer-purchaseOrder", "BC-2027-0042");
        await page.CheckAsync("#paymentMethod-invoice");
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");
        await CheckPageAsync(page, "enrolment-filled");
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/inscription/enregistree/**");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inscription enregistrée");
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync("Dominique Leroy");
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync(new Regex(@"500\s€"));
        await CheckPageAsync(page, "registered");

        var mails = await MailsAsync(page);
        Assert.Contains(mails, m => m.To == "finances@villeurbanne.example.org" && m.Subject.StartsWith("Inscription enregistrée", StringComparison.Ordinal));
        // The trainee hears from us with the convocation, once staff confirm: nothing is mailed to a trainee before.
        Assert.DoesNotContain(mails, m => m.To == "dominique.leroy@villeurbanne.example.org");
        var staff = Assert.Single(mails, m => m.Subject.StartsWith("[Inscription]", StringComparison.Ordinal));
        var text = await OpenMailAsync(page, staff);
        Assert.Contains("21690266400017", text.Replace(" ", ""));
        Assert.Contains("BC-2027-0042", text);
        AssertClean();
    }

    [Fact]
    public async Task Journey_4_an_intra_request_shows_the_3000_euro_quote_and_reaches_the_staff()
    {
        Begin("4-intra");
        var page = await NewPageAsync();
        await page.GotoAsync(_site.Url(_site.IntraPath));
        await Assertions.Expect(page.Locator("[data-intra-quote]")).ToContainTextAsync(new Regex(@"3\s000\s€"));
        await page.FillAsync("#organisation", "CCAS de Villeurbanne");
        await page.FillAsync("#contactName", "Alex Durand");
        await page.FillAsync("#email", "alex.durand@villeurbanne.example.org");
        await page.FillAsync("#participants", "8");
        await page.CheckAsync("#consent");
        await CheckPageAsync(page, "intra-filled");
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/demande-intra/recue/**");
        await Assertions.Expect(page.Locator("[data-status] .status-title")).ToHaveTextAsync("Demande reçue");
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync("CCAS de Villeurbanne — 8 participants");
        // The flat intra rate is counted in days, not as « 1 × Session intra (forfait par jour) ».
        await Assertions.Expect(page.Locator("[data-status] tbody th").First).ToHaveTextAsync(new Regex(@"^Session intra : 2 jours × 1\s500\s€$"));
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync(new Regex(@"3\s000\s€"));
        await CheckPageAsync(page, "intra-received");

        var mails = await MailsAsync(page);
        var staff = Assert.Single(mails, m => m.Subject.StartsWith("[Demande intra]", StringComparison.Ordinal));
        Assert.Matches(@"CCAS de Villeurbanne — 8 participants — 3\s000\s€$", staff.Subject);
        Assert.Contains(mails, m => m.To == "alex.durand@villeurbanne.example.org" && m.Subject.StartsWith("Demande intra reçue", StringComparison.Ordinal));
        AssertClean();
    }

    [Fact]
    public async Task Journey_5_two_browsers_race_for_the_last_seat_and_the_loser_joins_the_waiting_list()
    {
        Begin("5-last-seat");
        // 14 of the 15 places already taken, written with the store's own keys.
        var table = new TableClient(storage.ConnectionString, "Enrolments");
        await table.CreateIfNotExistsAsync();
        for (var seat = 1; seat <= _site.Session.Capacity - 1; seat++)
            await table.UpsertEntityAsync(new TableEntity(_site.Session.Id, $"seat|{seat:D2}"));

        var pages = new[] { await NewPageAsync(), await NewPageAsync() };
        foreach (var (page, i) in pages.Select((p, i) => (p, i)))
        {
            await page.GotoAsync(_site.Url(_site.EnrolPath));
            await Assertions.Expect(page.Locator("[data-seats]")).ToHaveTextAsync("1 place restante");
            await FillTraineeAsync(page, 0, "Sacha", $"Racer{i}", $"sacha.racer{i}@exemple.org", "professional");
            await FillPayerAsync(page, $"Association {i}", $"payeur{i}@exemple.org", invoice: true);
        }

        await Task.WhenAll(pages.Select(p => p.ClickAsync("button[type=submit]")));
        var outcomes = await Task.WhenAll(pages.Select(async p =>
        {
            var join = p.GetByRole(AriaRole.Button, new() { Name = "M’inscrire sur la liste d’attente" });
            await join.Or(p.GetByRole(AriaRole.Heading, new() { Name = "Inscription enregistrée" })).WaitForAsync();
            return await join.IsVisibleAsync() ? "refused" : "enrolled";
        }));
        Assert.Equal(["enrolled", "refused"], outcomes.Order());

        var winner = pages[Array.IndexOf(outcomes, "enrolled")];
        var loser = pages[Array.IndexOf(outcomes, "refused")];
        await CheckPageAsync(winner, "winner-registered");
        await Assertions.Expect(loser.Locator("#form-status")).ToContainTextAsync("Il ne reste aucune place sur cette session.");
        await Assertions.Expect(loser.GetByRole(AriaRole.Button, new() { Name = "M’inscrire sur la liste d’attente" })).ToBeFocusedAsync();
        await CheckPageAsync(loser, "loser-told");
        await loser.GetByRole(AriaRole.Button, new() { Name = "M’inscrire sur la liste d’attente" }).ClickAsync();
        await loser.WaitForURLAsync("**/inscription/liste-attente/**");
        await Assertions.Expect(loser.Locator("h1")).ToHaveTextAsync("Vous êtes sur la liste d’attente");
        await Assertions.Expect(loser.Locator("[data-status]")).ToContainTextAsync("Sacha Racer");
        await CheckPageAsync(loser, "waiting-list");
        await ExpectSeatsLeftAsync(winner, "Complet (liste d’attente possible)");

        var mails = await MailsAsync(winner);
        var loserIndex = Array.IndexOf(outcomes, "refused");
        Assert.Contains(mails, m => m.To == $"payeur{loserIndex}@exemple.org" && m.Subject.StartsWith("Demande en liste d'attente", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == $"payeur{1 - loserIndex}@exemple.org" && m.Subject.StartsWith("Inscription enregistrée", StringComparison.Ordinal));
        Assert.Single(mails, m => m.Subject.StartsWith("[Liste d'attente]", StringComparison.Ordinal));
        Assert.Single(mails, m => m.Subject.StartsWith("[Inscription]", StringComparison.Ordinal));
        AssertClean();
    }

    [Fact]
    public async Task Journey_6_without_javascript_the_card_enrolment_still_works_end_to_end()
    {
        Begin("6-no-js");
        var page = await NewPageAsync(javaScript: false);
        await page.GotoAsync(_site.Url(_site.CoursePath));
        await Assertions.Expect(SeatsCell(page)).ToHaveTextAsync("15 places");
        await CheckPageAsync(page, "course");
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        Assert.Equal(3, await page.Locator("[data-trainee]").CountAsync());
        var trainees = await FillTraineesAsync(page);
        await FillPayerAsync(page, "CCAS de Villeurbanne", "compta@ccas-villeurbanne.example.org", invoice: false);
        await CheckPageAsync(page, "enrolment-filled");

        // No script, so no form token: the API offers the form again, with what was typed and a token, to send once more.
        var post = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/enrolments");
        Assert.Equal(400, post.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Formulaire à renvoyer.");
        post = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/enrolments");
        Assert.Equal(303, post.Status);
        Assert.Contains("/_dev/checkout/", post.Headers["location"]);

        await PayAtOfflineCheckoutAsync(page);
        await page.WaitForURLAsync("**/inscription/confirmee/**");
        // No script, so no polling: the page must not promise a confirmation that will never appear.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Merci, votre paiement est reçu");
        await Assertions.Expect(page.Locator("[data-noscript]")).ToContainTextAsync("e-mail");
        Assert.False(await page.Locator("[data-status]").IsVisibleAsync());
        await CheckPageAsync(page, "paid");

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        var status = await _site.Api.Client.GetFromJsonAsync<JsonElement>($"/api/enrolments/{query["id"]}?token={Uri.EscapeDataString(query["token"]!)}");
        Assert.Equal("confirmed", status.GetProperty("status").GetString());
        Assert.Equal(1300m, status.GetProperty("total").GetDecimal());

        await page.GotoAsync(_site.Url(_site.CoursePath));
        await Assertions.Expect(SeatsCell(page)).ToHaveTextAsync("15 places");
        var seats = await _site.Api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_site.Course.Slug}");
        Assert.Equal(12, seats.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _site.Session.Id).GetProperty("seatsLeft").GetInt32());

        var mails = await MailsAsync(page);
        AssertCardConfirmationMails(mails, trainees);
        AssertClean();
    }

    [Fact]
    public async Task Journey_7_keyboard_only_with_the_focus_on_the_server_error_summary()
    {
        Begin("7-keyboard");
        // An address carrying a zero-width space (pasted from a document): it looks right, the script's format check
        // lets it through, and the server, not the script, refuses the form once.
        var taken = "a.keyboard\u200B@exemple.org";

        var page = await NewPageAsync();
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        var keys = page.Keyboard;
        string[] emails = [taken, "b.keyboard@exemple.org", "c.keyboard@exemple.org"];
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                await TabToAsync(page, "[data-add-trainee]");
                await keys.PressAsync("Enter");
                await Assertions.Expect(page.Locator($"#t{i}-firstName")).ToBeFocusedAsync();
            }
            else await TabToAsync(page, "#t0-firstName");
            await keys.TypeAsync($"Prénom{i}");
            await TabToAsync(page, $"#t{i}-lastName");
            await keys.TypeAsync($"Clavier{i}");
            await TabToAsync(page, $"#t{i}-email");
            await keys.TypeAsync(emails[i]);
            // Tab enters the category group on its first radio; the volunteer is the next one (arrow key, as in any radio group).
            await TabToAsync(page, $"#t{i}-category-professional");
            if (i < 2) await keys.PressAsync("Space");
            else
            {
                await keys.PressAsync("ArrowDown");
                // The volunteer's « déclaration sur l'honneur », shown in the row once « bénévole » is chosen.
                await TabToAsync(page, $"#t{i}-volunteerAssociation");
                await keys.TypeAsync("Les Petits Frères des Pauvres");
                await TabToAsync(page, $"#t{i}-volunteerDeclared");
                await keys.PressAsync("Space");
            }
        }
        Assert.True(await page.IsCheckedAsync("#t2-category-volunteer"));
        await Assertions.Expect(page.Locator("[data-quote] .total")).ToHaveTextAsync(Total1300);

        await TabToAsync(page, "#payer-kind-organisation");
        await keys.PressAsync("Space");
        await TabToAsync(page, "#payer-name");
        await keys.TypeAsync("CCAS de Villeurbanne");
        await keys.PressAsync("Tab");
        await keys.TypeAsync("compta@ccas-villeurbanne.example.org");
        // Every organisation gives its billing address (the invoice names it), card or invoice.
        await keys.PressAsync("Tab");
        await keys.TypeAsync("Place Lazare-Goujon, 69100 Villeurbanne");
        await TabToAsync(page, "#paymentMethod-card");
        await keys.PressAsync("Space");
        await TabToAsync(page, "#prerequisitesConfirmed");
        await keys.PressAsync("Space");
        await TabToAsync(page, "#consent");
        await keys.PressAsync("Space");
        await TabToAsync(page, "button[type=submit]");
        // Back one step: the link to the conditions the form states, not the hidden anti-spam field.
        await keys.PressAsync("Shift+Tab");
        await Assertions.Expect(page.Locator("[data-cgv-notice] a")).ToBeFocusedAsync();
        await keys.PressAsync("Tab");
        await Assertions.Expect(page.Locator("button[type=submit]")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");

        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        // In the summary the message says whose field it is; next to the field it stands alone.
        await Assertions.Expect(summary).ToContainTextAsync("Stagiaire 1 : " + Monalisa.Domain.Text.FrenchFormat.LowerFirst(Monalisa.Domain.Validation.EmailNormalisation.HiddenCharacters));
        await Assertions.Expect(page.Locator("#t0-email-error")).ToHaveTextAsync(Monalisa.Domain.Validation.EmailNormalisation.HiddenCharacters);
        await Assertions.Expect(page.Locator("#t0-email")).ToHaveAttributeAsync("aria-invalid", "true");
        await CheckPageAsync(page, "server-error");

        await keys.PressAsync("Tab");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link, new() { Name = Monalisa.Domain.Validation.EmailNormalisation.HiddenCharacters })).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#t0-email")).ToBeFocusedAsync();
        await keys.PressAsync("Control+A");
        await keys.TypeAsync("a.keyboard@exemple.org");
        await TabToAsync(page, "button[type=submit]");
        await keys.PressAsync("Enter");

        await page.WaitForURLAsync("**/_dev/checkout/**");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Paiement de test hors ligne");
        await CheckPageAsync(page, "checkout");
        await TabToAsync(page, "button[type=submit]");
        await keys.PressAsync("Enter");
        await ExpectConfirmedPageAsync(page);

        var mails = await MailsAsync(page);
        AssertCardConfirmationMails(mails, ["a.keyboard@exemple.org", "b.keyboard@exemple.org", "c.keyboard@exemple.org"]);
        AssertClean();
    }

    // ---- steps shared by the journeys ----

    private void Begin(string journey)
    {
        _journey = journey;
        _clock.Restart();
    }

    private async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = new() { Width = Width, Height = 800 },
            Locale = "fr-FR",
        });
        _contexts.Add(context);
        // A journey step that cannot happen fails in seconds, never hangs the suite.
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        if (!javaScript) _withoutScripts.Add(page);
        // Answers the journeys expect (409 on the last seat) are logged by Chromium as "Failed to load resource":
        // HTTP failures are checked on the responses instead (any 5xx, any 404 other than the dev pages' favicon).
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                _consoleErrors.Add($"{page.Url}: {message.Text}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 500 || (response.Status == 404 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal)))
                _consoleErrors.Add($"{response.Status} {response.Url}");
        };
        page.PageError += (_, error) => _consoleErrors.Add($"{page.Url}: {error}");
        return page;
    }

    private ILocator SeatsCell(IPage page) => page.Locator($"tr[data-session-id='{_site.Session.Id}'] [data-seats]");

    private async Task ExpectSeatsLeftAsync(IPage page, string text)
    {
        await page.GotoAsync(_site.Url(_site.CoursePath));
        await Assertions.Expect(SeatsCell(page)).ToHaveTextAsync(text);
        await CheckPageAsync(page, "course");
    }

    /// <summary>Three trainees (2 professionals, 1 volunteer) paid by card by an organisation; returns the trainees' emails.</summary>
    private async Task<string[]> FillCardEnrolmentAsync(IPage page)
    {
        await page.GotoAsync(_site.Url(_site.EnrolPath));
        await CheckPageAsync(page, "enrolment");
        await page.ClickAsync("[data-add-trainee]");
        await page.ClickAsync("[data-add-trainee]");
        var emails = await FillTraineesAsync(page);
        await Assertions.Expect(page.Locator("[data-quote] .total")).ToHaveTextAsync(Total1300);
        await FillPayerAsync(page, "CCAS de Villeurbanne", "compta@ccas-villeurbanne.example.org", invoice: false);
        await CheckPageAsync(page, "enrolment-filled");
        return emails;
    }

    private static async Task<string[]> FillTraineesAsync(IPage page)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string[] emails = [$"camille.{suffix}@exemple.org", $"lou.{suffix}@exemple.org", $"noa.{suffix}@exemple.org"];
        await FillTraineeAsync(page, 0, "Camille", "Martin", emails[0], "professional");
        await FillTraineeAsync(page, 1, "Lou", "Bernard", emails[1], "professional");
        await FillTraineeAsync(page, 2, "Noa", "Petit", emails[2], "volunteer");
        return emails;
    }

    private static async Task FillTraineeAsync(IPage page, int index, string firstName, string lastName, string email, string category)
    {
        await page.FillAsync($"#t{index}-firstName", firstName);
        await page.FillAsync($"#t{index}-lastName", lastName);
        await page.FillAsync($"#t{index}-email", email);
        await page.CheckAsync($"#t{index}-category-{category}");
        if (category == "volunteer")
        {
            // The volunteer rate needs the « déclaration sur l'honneur », shown in that row once « bénévole » is chosen.
            await page.FillAsync($"#t{index}-volunteerAssociation", "Les Petits Frères des Pauvres");
            await page.CheckAsync($"#t{index}-volunteerDeclared");
        }
    }

    private static async Task FillPayerAsync(IPage page, string name, string email, bool invoice)
    {
        await page.CheckAsync("#payer-kind-organisation");
        await page.FillAsync("#payer-name", name);
        await page.FillAsync("#payer-email", email);
        await page.FillAsync("#payer-address", "1 place de la Mairie, 69100 Villeurbanne");
        await page.CheckAsync(invoice ? "#paymentMethod-invoice" : "#paymentMethod-card");
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");
    }

    private async Task PayAtOfflineCheckoutAsync(IPage page)
    {
        await page.WaitForURLAsync("**/_dev/checkout/**");
        await Assertions.Expect(page.Locator(".banner")).ToContainTextAsync("Paiement de test hors ligne");
        await Assertions.Expect(page.Locator("tfoot")).ToContainTextAsync(Total1300);
        await CheckPageAsync(page, "checkout");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Payer 1\s300\s€$") }).ClickAsync();
    }

    private async Task ExpectConfirmedPageAsync(IPage page)
    {
        await page.WaitForURLAsync("**/inscription/confirmee/**");
        await Assertions.Expect(page.Locator("[data-status] .status-title")).ToHaveTextAsync("Inscription confirmée");
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync(Total1300);
        await CheckPageAsync(page, "confirmed");
    }

    private static void AssertCardConfirmationMails(List<Mail> mails, IReadOnlyCollection<string> trainees)
    {
        Assert.Equal(["compta@ccas-villeurbanne.example.org"], mails.Where(m => m.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal)).Select(m => m.To));
        Assert.Equal(trainees.Order(), mails.Where(m => m.Subject.StartsWith("Convocation", StringComparison.Ordinal)).Select(m => m.To).Order());
        Assert.Single(mails, m => m.Subject.StartsWith("[Confirmation]", StringComparison.Ordinal));
    }

    private sealed record Mail(string To, string Subject, string Href);

    /// <summary>Sends what is queued, then reads the list at /_dev/mail as a developer would.</summary>
    private async Task<List<Mail>> MailsAsync(IPage page)
    {
        (await _site.Api.Client.PostAsync("/_dev/queues/run", null)).EnsureSuccessStatusCode();
        await page.GotoAsync(_site.Url("/_dev/mail"));
        await CheckPageAsync(page, "mail");
        var rows = await page.Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent, r.cells[2].querySelector('a').getAttribute('href')])");
        var mails = rows.Select(r => new Mail(r[0], r[1], r[2])).ToList();
        _mails = [.. mails.Select(m => $"  {m.To} : {m.Subject}")];
        return mails;
    }

    private async Task<string> OpenMailAsync(IPage page, Mail mail)
    {
        await page.GotoAsync(_site.Url(mail.Href));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(mail.Subject);
        await CheckPageAsync(page, "mail-open");
        return await page.Locator("pre").TextContentAsync() ?? "";
    }

    /// <summary>Moves the focus with Tab only (Shift+Tab when <paramref name="backwards"/>) until it is on <paramref name="selector"/>.</summary>
    private static async Task TabToAsync(IPage page, string selector, bool backwards = false)
    {
        for (var i = 0; i < 80; i++)
        {
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector)) return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        throw new Xunit.Sdk.XunitException($"Tab never reached {selector}; focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 120)")}");
    }

    /// <summary>axe-core (serious and critical) and a full-page screenshot at 375 px, for every page a journey shows.</summary>
    private async Task CheckPageAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var folder = Path.Combine(ChromiumFixture.Screenshots, "journeys");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{_journey}-{++_shots:D2}-{name}.png"), FullPage = true });
        // axe needs scripts and timers, which a page without JavaScript never runs: the same URL is audited in a page
        // that runs axe but not the site's own script, so it sees the no-JS rendering (minus <noscript>).
        var audited = page;
        if (_withoutScripts.Contains(page))
        {
            audited = _auditor ??= await NewAuditorAsync();
            await audited.GotoAsync(page.Url, new() { WaitUntil = WaitUntilState.NetworkIdle });
        }
        _violations.AddRange((await Axe.RunAsync(audited)).Select(v => $"{name} ({new Uri(page.Url).AbsolutePath}): {v}"));
    }

    private IPage? _auditor;

    private async Task<IPage> NewAuditorAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = Width, Height = 800 }, Locale = "fr-FR" });
        _contexts.Add(context);
        context.SetDefaultTimeout(15_000);
        await context.RouteAsync("**/assets/*.js", route => route.AbortAsync());
        return await context.NewPageAsync();
    }

    private void AssertClean()
    {
        Assert.True(_violations.Count == 0, string.Join(Environment.NewLine, _violations));
        Assert.True(_consoleErrors.Count == 0, string.Join(Environment.NewLine, _consoleErrors));
    }
}
