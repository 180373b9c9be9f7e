using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.LocalHost;
using Xunit.Abstractions;

namespace Monalisa.Browser.Tests.Console;

/// <summary>
/// What staff do in the console, end to end, in Chromium signed in as « Camille Martin » through the dev sign-in: every
/// staff act is a click on the console's own forms; the public side (enrolments, waiting list, card payments) is set up
/// through the API, and the emails are read at /_dev/mail as a developer would.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class ConsoleJourneyTests(AzuriteFixture storage, ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const string MontantRegle = "Montant réglé";
    private readonly List<IBrowserContext> _contexts = [];
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private JourneySite? _site;
    private StripeStub? _stripe;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        if (_site is not null) await _site.DisposeAsync();
        if (_stripe is not null) await _stripe.DisposeAsync();
    }

    private JourneySite Site => _site!;

    private async Task StartAsync(int? capacity = null, bool withStripe = false)
    {
        _stripe = withStripe ? await StripeStub.StartAsync() : null;
        _site = await JourneySite.StartAsync(storage, _stripe?.AppSettings(), capacity);
    }

    private async Task<IPage> StaffPageAsync(string then = ConsoleBrowser.Dashboard)
    {
        var page = await ConsoleBrowser.SignedInPageAsync(chromium.Browser, Site.Api.BaseAddress, then: then);
        _contexts.Add(page.Context);
        page.Context.SetDefaultTimeout(20_000);
        return page;
    }

    private string Email(string who) => $"{who}-{_tag}@example.org";

    /// <summary>An organisation's request of one trainee per name, paid on invoice unless <paramref name="card"/>; a minute passes after it, so ranks differ.</summary>
    private async Task<string> EnrolAsync(string payer, string[] trainees, bool card = false, bool waiting = false, string? sessionId = null)
    {
        var body = new EnrolmentBody(sessionId ?? Site.Session.Id).Payer("email", Email(payer));
        foreach (var trainee in trainees) body.Trainee(email: Email(trainee), firstName: trainee, lastName: "Journey");
        if (card) body.Card(); else body.Invoice();
        if (waiting) body.WaitingList();
        var (id, _) = await ConsoleBrowser.EnrolAsync(Site.Api, body);
        Site.Api.Clock.Advance(TimeSpan.FromMinutes(1));
        return id;
    }

    private async Task<EnrolmentRecord> RecordAsync(string id) =>
        (await Site.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    /// <summary>Stripe tells the app the card enrolment is paid: a signed checkout.session.completed event.</summary>
    private async Task PayByCardAsync(string id)
    {
        var enrolment = await RecordAsync(id);
        var payload = StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", enrolment, Site.Api.Clock.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        var response = await Site.Api.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(EnrolmentState.Confirmed, (await RecordAsync(id)).State);
    }

    private async Task PostAsync(string path)
    {
        var response = await Site.Api.Client.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<int> SeatsLeftAsync()
    {
        var sessions = await Site.Api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={Site.Course.Slug}");
        return sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == Site.Session.Id).GetProperty("seatsLeft").GetInt32();
    }

    private sealed record Mail(string To, string Subject, string Kind, string Href);

    /// <summary>Sends what is queued, then reads the list at /_dev/mail.</summary>
    private async Task<List<Mail>> MailsAsync(IPage page)
    {
        await PostAsync("/_dev/queues/run");
        await page.GotoAsync("/_dev/mail");
        var rows = await page.Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent, r.cells[2].querySelector('a').getAttribute('href')])");
        return [.. rows.Select(r => new Mail(r[0].Trim(), r[1].Trim(), r[2].Trim(), r[3]))];
    }

    /// <summary>The text version of one email, as /_dev/mail/{name} shows it.</summary>
    private static async Task<string> MailTextAsync(IPage page, Mail mail)
    {
        await page.GotoAsync(mail.Href);
        return await page.Locator("pre").First.TextContentAsync() ?? "";
    }

    private static async Task AssertStateAsync(IPage page, string state) =>
        await Assertions.Expect(page.Locator(".console-state [data-state]")).ToHaveAttributeAsync("data-state", state);

    /// <summary>Clicks a form's submit button and waits for the answer: the 303 back to the console page (?fait=…) or an error page.</summary>
    private static async Task<bool> ClickSubmitAsync(IPage page, ILocator button)
    {
        var before = page.Url;
        await button.ClickAsync();
        await page.WaitForURLAsync(url => url != before && (url.Contains("fait=", StringComparison.Ordinal) || url.Contains("/api/staff/", StringComparison.Ordinal)));
        await page.WaitForLoadStateAsync();
        return page.Url.Contains("fait=", StringComparison.Ordinal);
    }

    /// <summary>As <see cref="ClickSubmitAsync"/>, failing with the error page's text unless the action was done.</summary>
    private static async Task SubmitAsync(IPage page, ILocator button)
    {
        if (!await ClickSubmitAsync(page, button))
            Assert.Fail($"The form answered an error page at {page.Url}: {await page.Locator("main").TextContentAsync()}");
    }

    /// <summary>Writes the page's confirmation banner and timeline to the test output, for whoever reads a failure.</summary>
    private async Task LogTimelineAsync(IPage page)
    {
        var banner = page.Locator("[role=status]");
        output.WriteLine($"{new Uri(page.Url).PathAndQuery} — banner: {(await banner.CountAsync() > 0 ? await banner.First.TextContentAsync() : "(none)")}");
        foreach (var line in await page.Locator("ol.console-timeline li").AllInnerTextsAsync()) output.WriteLine("  " + line.ReplaceLineEndings(" "));
    }

    private static ILocator CancelWholeButton(IPage page) =>
        page.Locator("form[action$='/cancel']:has(#cancel-organisme) button[type=submit]");

    [Fact]
    public async Task Recording_an_invoice_payment_confirms_the_enrolment_and_sends_the_convocations_with_a_receipt_only_after_it()
    {
        await StartAsync();
        var id = await EnrolAsync("payeur", ["alix", "basile"]);
        var total = (await RecordAsync(id)).TotalCents;
        var page = await StaffPageAsync(ConsoleBrowser.Enrolment(id));
        await AssertStateAsync(page, nameof(EnrolmentState.AwaitingInvoice));

        var before = await MailsAsync(page);
        Assert.Contains(before, m => m.To == Email("payeur"));
        foreach (var mail in before) Assert.DoesNotContain(MontantRegle, await MailTextAsync(page, mail));

        await ConsoleBrowser.OpenAsync(page, ConsoleBrowser.Enrolment(id));
        await Assertions.Expect(page.GetByLabel("Reçu le")).ToHaveValueAsync("2026-12-01");
        await page.GetByLabel("Montant (€)").FillAsync((total / 100m).ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")));
        await page.GetByLabel("Moyen").SelectOptionAsync("virement");
        await page.GetByLabel("Référence", new() { Exact = true }).FillAsync("VIR-" + _tag);
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le paiement" }));

        await AssertStateAsync(page, nameof(EnrolmentState.Confirmed));
        await LogTimelineAsync(page);
        Assert.Equal(total, EnrolmentMoney.Of(await RecordAsync(id)).PaidCents);
        var after = (await MailsAsync(page)).Except(before).ToList();
        Assert.Equal([Email("alix"), Email("basile")], after.Where(m => m.Subject.StartsWith("Convocation", StringComparison.Ordinal)).Select(m => m.To).Order());
        var receipts = new List<Mail>();
        foreach (var mail in after.Where(m => m.To == Email("payeur")))
            if ((await MailTextAsync(page, mail)).Contains(MontantRegle, StringComparison.Ordinal)) receipts.Add(mail);
        Assert.Contains(receipts, m => m.Kind == "recu-paiement");
    }

    [Fact]
    public async Task Cancelling_a_paid_enrolment_refunds_it_once_and_offers_the_place_to_the_first_person_waiting()
    {
        await StartAsync(capacity: 2, withStripe: true);
        var paid = await EnrolAsync("carte", ["claude"], card: true);
        await PayByCardAsync(paid);
        var total = (await RecordAsync(paid)).TotalCents;
        await EnrolAsync("facture", ["dominique"]);
        Assert.Equal(0, await SeatsLeftAsync());
        var first = await EnrolAsync("premier", ["eden"], waiting: true);
        var second = await EnrolAsync("second", ["fanny"], waiting: true);
        Assert.Equal(EnrolmentState.WaitingList, (await RecordAsync(first)).State);

        // Two tabs on the same page: the second submits a form that is no longer current, as a double click would.
        var page = await StaffPageAsync(ConsoleBrowser.Enrolment(paid));
        var stale = await page.Context.NewPageAsync();
        await ConsoleBrowser.OpenAsync(stale, ConsoleBrowser.Enrolment(paid));
        await page.CheckAsync("#cancel-organisme");
        await SubmitAsync(page, CancelWholeButton(page));
        await AssertStateAsync(page, nameof(EnrolmentState.Cancelled));
        await stale.CheckAsync("#cancel-organisme");
        await ClickSubmitAsync(stale, CancelWholeButton(stale));
        output.WriteLine($"second submit landed on {stale.Url}");
        await page.ReloadAsync();
        await PostAsync("/_dev/timers/RefundPaidWithoutSeat");
        await page.ReloadAsync();
        await LogTimelineAsync(page);

        var refund = Assert.Single(_stripe!.To("/v1/refunds"));
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), refund.Form["amount"]);
        Assert.Equal(paid, refund.Form.GetValueOrDefault("metadata[enrolmentId]"));
        Assert.Equal(total, EnrolmentMoney.Of(await RecordAsync(paid)).RefundedCents);
        var mails = await MailsAsync(page);
        Assert.Single(mails, m => m.Kind == "offre-place" && m.To == Email("premier"));
        Assert.DoesNotContain(mails, m => m.Kind == "offre-place" && m.To == Email("second"));
        Assert.Equal(EnrolmentState.Offered, (await RecordAsync(first)).State);
        Assert.Equal(EnrolmentState.WaitingList, (await RecordAsync(second)).State);
        Assert.Equal(0, await SeatsLeftAsync());
    }

    [Fact]
    public async Task Letting_an_offer_lapse_passes_it_to_the_next_person_and_the_console_shows_the_lapse()
    {
        await StartAsync(capacity: 1);
        var holder = await EnrolAsync("titulaire", ["gael"]);
        var first = await EnrolAsync("premier", ["hugo"], waiting: true);
        var second = await EnrolAsync("second", ["ines"], waiting: true);
        var page = await StaffPageAsync(ConsoleBrowser.Enrolment(holder));
        await SubmitAsync(page, CancelWholeButton(page));
        Assert.Single(await MailsAsync(page), m => m.Kind == "offre-place" && m.To == Email("premier"));

        Site.Api.Clock.Advance(TimeSpan.FromHours(49));
        await PostAsync("/_dev/timers/ReleaseExpiredHolds");

        var mails = await MailsAsync(page);
        Assert.Single(mails, m => m.Kind == "offre-place" && m.To == Email("second"));
        Assert.Equal(EnrolmentState.Offered, (await RecordAsync(second)).State);
        Assert.NotEqual(EnrolmentState.Offered, (await RecordAsync(first)).State);
        Assert.Equal(0, await SeatsLeftAsync());
        await ConsoleBrowser.OpenAsync(page, ConsoleBrowser.Enrolment(first));
        await Assertions.Expect(page.Locator("ol.console-timeline li[data-kind=OfferMade]")).ToHaveCountAsync(1);
        await LogTimelineAsync(page);
        var lapse = page.Locator("ol.console-timeline li[data-kind=OfferLapsed]");
        await Assertions.Expect(lapse).ToHaveCountAsync(1);
        await Assertions.Expect(lapse.Locator("[data-actor=System]")).ToHaveTextAsync("système");
    }

    [Fact]
    public async Task Moving_one_trainee_to_another_session_keeps_both_sessions_figures_equal_to_the_seats_in_storage()
    {
        await StartAsync();
        var from = Site.Session.Id;
        var to = Site.Course.Sessions[1].Id;
        var (id, checkout) = await ConsoleBrowser.EnrolAsync(Site.Api, new EnrolmentBody(from).Payer("email", Email("payeur"))
            .Trainee(email: Email("jade"), firstName: "Jade", lastName: "Reste").Trainee(email: Email("kim"), firstName: "Kim", lastName: "Part").Card());
        var payer = await chromium.Browser.NewContextAsync(new() { BaseURL = Site.Api.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR" });
        _contexts.Add(payer);
        await ConsoleBrowser.PayOfflineAsync(await payer.NewPageAsync(), checkout!);
        var page = await StaffPageAsync();
        await AssertFiguresEqualStorageAsync(page, from, confirmed: 2);
        await AssertFiguresEqualStorageAsync(page, to, confirmed: 0);

        await ConsoleBrowser.OpenAsync(page, ConsoleBrowser.Enrolment(id));
        await page.GetByLabel("Session d’arrivée").SelectOptionAsync(to);
        await page.GetByLabel("Qui déplacer").SelectOptionAsync(new SelectOptionValue { Label = "Kim Part seulement" });
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Déplacer" }));

        await LogTimelineAsync(page);
        await Assertions.Expect(page.Locator("ol.console-trainees li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("ol.console-trainees")).ToContainTextAsync("Jade Reste");
        await ConsoleBrowser.OpenAsync(page, ConsoleBrowser.Dashboard);
        await AssertFiguresEqualStorageAsync(page, from, confirmed: 1);
        await AssertFiguresEqualStorageAsync(page, to, confirmed: 1);
    }

    private async Task AssertFiguresEqualStorageAsync(IPage page, string sessionId, int confirmed)
    {
        var seats = await _tables.CountAsync("Enrolments", sessionId, "seat|");
        var trainees = await _tables.CountAsync("Enrolments", sessionId, "trainee|");
        Assert.Equal(confirmed, seats);
        Assert.Equal(confirmed, trainees);
        Assert.Equal(confirmed, await ConsoleBrowser.FigureAsync(page, sessionId, "confirmed"));
        Assert.Equal(0, await ConsoleBrowser.FigureAsync(page, sessionId, "held"));
    }

    [Fact]
    public async Task The_timeline_names_the_staff_member_for_each_staff_act_stripe_for_its_events_and_the_system_for_timers()
    {
        await StartAsync();
        var invoice = await EnrolAsync("facture", ["lou"]);
        var total = (await RecordAsync(invoice)).TotalCents;
        var (card, checkout) = await ConsoleBrowser.EnrolAsync(Site.Api, new EnrolmentBody(Site.Session.Id).Payer("email", Email("carte")).Trainee(email: Email("max")).Card());
        var payer = await chromium.Browser.NewContextAsync(new() { BaseURL = Site.Api.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR" });
        _contexts.Add(payer);
        await ConsoleBrowser.PayOfflineAsync(await payer.NewPageAsync(), checkout!);
        var (lapsed, _) = await ConsoleBrowser.EnrolAsync(Site.Api, new EnrolmentBody(Site.Session.Id).Payer("email", Email("oubli")).Trainee(email: Email("noa")).Card());
        Site.Api.Clock.Advance(TimeSpan.FromHours(2));
        await PostAsync("/_dev/timers/ReleaseExpiredHolds");

        var page = await StaffPageAsync(ConsoleBrowser.Enrolment(invoice));
        await page.GetByLabel("Montant (€)").FillAsync((total / 100m).ToString("0", CultureInfo.InvariantCulture));
        await page.GetByLabel("Référence", new() { Exact = true }).FillAsync("CHQ-" + _tag);
        await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le paiement" }));
        await ConsoleBrowser.AddNoteAsync(page, "Chèque remis en main propre.");

        await LogTimelineAsync(page);
        var timeline = page.Locator("ol.console-timeline");
        foreach (var kind in new[] { "PaymentRecorded", "NoteAdded" })
            await Assertions.Expect(timeline.Locator($"li[data-kind={kind}] [data-actor=Staff]")).ToHaveTextAsync(ConsoleBrowser.StaffName);

        await ConsoleBrowser.OpenAsync(page, ConsoleBrowser.Enrolment(card));
        await Assertions.Expect(timeline.Locator("li[data-kind=PaymentReported] [data-actor=Stripe]")).ToHaveTextAsync("Stripe");

        await ConsoleBrowser.OpenAsync(page, ConsoleBrowser.Enrolment(lapsed));
        await Assertions.Expect(timeline.Locator("li[data-kind=HoldExpired] [data-actor=System]")).ToHaveTextAsync("système");
    }
}
