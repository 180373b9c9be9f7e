using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Enrolment;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace Monalisa.Browser.Tests.Console;

/// <summary>
/// Issue 17's journey in Chromium against the local host: a collectivité enrols on invoice through the public form (its
/// SIRET is one the offline Chorus Pro stand-in knows, with the service code it requires), accepts the convention from
/// the link in its email, staff record the payment, the invoice is issued once the session is over (the billing sweep,
/// as the timer would run it), staff cancel, a credit note refers to the invoice. Every page is checked by axe and shot.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed partial class DocumentsJourneyTests(AzuriteFixture storage, ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    // The offline stand-in's example commune: its directory entry requires a service code.
    private const string CommuneSiret = "21690123400019";
    private const string ServiceCode = "SERV-FORMATION";
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _problems = [];
    private JourneySite? _site;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        if (_site is not null) await _site.DisposeAsync();
    }

    private JourneySite Site => _site!;
    private string PayerEmail => $"finances-{_tag}@commune.example.org";

    private async Task<IPage> PublicPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = Site.Api.BaseAddress.ToString().TrimEnd('/'),
            Locale = "fr-FR",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private async Task ShootAsync(IPage page, string name) =>
        _problems.AddRange(await ConsoleBrowser.CheckAndShootAsync(page, "documents-" + name, 1280));

    private async Task RunAsync(string path) =>
        Assert.True((await Site.Api.Client.PostAsync(path, null)).IsSuccessStatusCode, path);

    private sealed record Mail(string To, string Subject, string Kind, string Href);

    /// <summary>Sends what is queued, then reads the list at /_dev/mail.</summary>
    private async Task<List<Mail>> MailsAsync(IPage page)
    {
        await RunAsync("/_dev/queues/run");
        await page.GotoAsync("/_dev/mail");
        var rows = await page.Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent, r.cells[2].querySelector('a').getAttribute('href')])");
        var mails = rows.Select(r => new Mail(r[0].Trim(), r[1].Trim(), r[2].Trim(), r[3])).ToList();
        foreach (var mail in mails) output.WriteLine($"mail {mail.Kind} → {mail.To} : {mail.Subject}");
        return mails;
    }

    private async Task<EnrolmentRecord> RecordAsync(string id) =>
        (await Site.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    private static async Task AssertStateAsync(IPage page, EnrolmentState state) =>
        await Assertions.Expect(page.Locator(".console-state [data-state]")).ToHaveAttributeAsync("data-state", state.ToString());

    /// <summary>Clicks a console form's button and waits for the 303 back to the page (?fait=…); fails on an error page.</summary>
    private static async Task SubmitAsync(IPage page, ILocator button)
    {
        var before = page.Url;
        await button.ClickAsync();
        await page.WaitForURLAsync(url => url != before && (url.Contains("fait=", StringComparison.Ordinal) || url.Contains("/api/staff/", StringComparison.Ordinal)));
        await page.WaitForLoadStateAsync();
        if (!page.Url.Contains("fait=", StringComparison.Ordinal))
            Assert.Fail($"The form answered an error page at {page.Url}: {await page.Locator("main").TextContentAsync()}");
    }

    /// <summary>The text of a PDF fetched with the page's cookies (staff download, or an email's attachment).</summary>
    private static async Task<string> PdfTextAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"{path} answered {response.Status}");
        Assert.StartsWith("application/pdf", response.Headers["content-type"], StringComparison.Ordinal);
        using var pdf = PdfDocument.Open(await response.BodyAsync());
        return string.Join(" ", pdf.GetPages().Select(p => p.Text)).Replace('\u202F', ' ').Replace('\u00A0', ' ');
    }

    private async Task<string> EnrolAsPublicBodyAsync(IPage page)
    {
        await page.GotoAsync(Site.EnrolPath);
        await page.FillAsync("#t0-firstName", "Dominique");
        await page.FillAsync("#t0-lastName", "Leroy");
        await page.FillAsync("#t0-email", $"dominique-{_tag}@commune.example.org");
        await page.CheckAsync("#t0-category-professional");
        await page.CheckAsync("#payer-kind-public");
        await page.FillAsync("#payer-name", "Commune d'exemple");
        await page.FillAsync("#payer-email", PayerEmail);
        await page.FillAsync("#payer-address", "1 place de la Mairie, 69000 Exemple");
        await page.FillAsync("#payer-siret", CommuneSiret);
        await page.Locator("#payer-siret").DispatchEventAsync("change");
        await Assertions.Expect(page.Locator("[data-chorus-structure]")).ToContainTextAsync("code service");
        await page.FillAsync("#payer-serviceCode", ServiceCode);
        await page.FillAsync("#payer-commitmentNumber", "EJ-" + _tag);
        if (!await page.IsCheckedAsync("#paymentMethod-invoice")) await page.CheckAsync("#paymentMethod-invoice");
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");
        await ShootAsync(page, "form-public-body");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/inscription/enregistree/**");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inscription enregistrée");

        var mails = await MailsAsync(page);
        var registered = Assert.Single(mails, m => m.To == PayerEmail && m.Subject.StartsWith("Inscription enregistrée", StringComparison.Ordinal));
        await page.GotoAsync(registered.Href);
        var text = await page.Locator("pre").First.TextContentAsync() ?? "";
        return ConventionLink().Match(text) is { Success: true } link ? link.Value : throw new Xunit.Sdk.XunitException("No convention link in: " + text);
    }

    [Fact]
    public async Task A_public_body_accepts_its_convention_online_is_invoiced_after_the_session_and_credited_on_cancellation()
    {
        _site = await JourneySite.StartAsync(storage);
        var payer = await PublicPageAsync();

        // The payer: the form, then the convention link of the « inscription enregistrée » email, accepted online.
        var link = await EnrolAsPublicBodyAsync(payer);
        var id = ConventionLink().Match(link).Groups["id"].Value;
        Assert.Equal(EnrolmentState.AwaitingInvoice, (await RecordAsync(id)).State);
        await payer.GotoAsync(link);
        await Assertions.Expect(payer.Locator("main h1")).ToBeVisibleAsync();
        await ShootAsync(payer, "convention");
        await payer.GetByLabel("Nom et prénom du signataire").FillAsync("Claire Dubois");
        await payer.GetByLabel("Fonction").FillAsync("Directrice générale des services");
        await payer.CheckAsync("input[type=checkbox][required]");
        await payer.GetByRole(AriaRole.Button, new() { Name = "Accepter la convention" }).ClickAsync();
        await payer.WaitForLoadStateAsync();
        await ShootAsync(payer, "convention-accepted");
        var accepted = await RecordAsync(id);
        Assert.Equal(EnrolmentState.Confirmed, accepted.State);
        Assert.Equal("Claire Dubois", accepted.ConventionAcceptance?.SignatoryName);
        Assert.Equal(CommuneSiret, accepted.Payer.Siret);
        Assert.Equal(ServiceCode, accepted.Payer.PublicBody?.ServiceCode);

        // Staff: the acceptance on the console, then the payment recorded there.
        var staff = await ConsoleBrowser.SignedInPageAsync(chromium.Browser, Site.Api.BaseAddress, then: ConsoleBrowser.Enrolment(id));
        _contexts.Add(staff.Context);
        staff.Context.SetDefaultTimeout(20_000);
        await AssertStateAsync(staff, EnrolmentState.Confirmed);
        await Assertions.Expect(staff.Locator("[data-convention=accepted]")).ToContainTextAsync("Claire Dubois");
        await Assertions.Expect(staff.Locator("[data-convention=accepted]")).ToContainTextAsync(accepted.ConventionAcceptance!.Sha256);
        await staff.GetByLabel("Montant (€)").FillAsync((accepted.TotalCents / 100m).ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")));
        await staff.GetByLabel("Moyen").SelectOptionAsync("virement");
        await staff.GetByLabel("Référence", new() { Exact = true }).FillAsync("VIR-" + _tag);
        await SubmitAsync(staff, staff.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le paiement" }));
        await ShootAsync(staff, "enrolment-paid");

        // A public body is invoiced after the service: nothing before the session's end, the invoice the day after.
        await RunAsync("/_dev/timers/SweepBilling");
        await RunAsync("/_dev/queues/run");
        Assert.Empty((await RecordAsync(id)).Documents);
        Site.Api.Clock.SetUtcNow(new DateTimeOffset(Site.Session.End.AddDays(1).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));
        await RunAsync("/_dev/timers/SweepBilling");
        await RunAsync("/_dev/queues/run");
        var invoice = Assert.Single((await RecordAsync(id)).Documents);
        Assert.Equal(DocumentKind.Invoice, invoice.Kind);

        // Later staff cancel the whole enrolment: a credit note referring to the invoice.
        await ConsoleBrowser.OpenAsync(staff, ConsoleBrowser.Enrolment(id));
        await staff.CheckAsync("#cancel-organisme");
        await SubmitAsync(staff, staff.Locator("form[action$='/cancel']:has(#cancel-organisme) button[type=submit]"));
        await AssertStateAsync(staff, EnrolmentState.Cancelled);
        await RunAsync("/_dev/queues/run");
        await RunAsync("/_dev/timers/SweepBilling");
        var documents = (await RecordAsync(id)).Documents;
        Assert.Equal([DocumentKind.Invoice, DocumentKind.CreditNote], documents.Select(d => d.Kind));
        var credit = documents[1];

        // The console enrolment page: the acceptance, the invoice (credited) and the credit note.
        await ConsoleBrowser.OpenAsync(staff, ConsoleBrowser.Enrolment(id));
        await Assertions.Expect(staff.Locator("[data-convention=accepted]")).ToContainTextAsync("Claire Dubois");
        await Assertions.Expect(staff.Locator($"[data-number='{invoice.Number}']").First).ToHaveAttributeAsync("data-status", "credited");
        await Assertions.Expect(staff.Locator($"[data-number='{credit.Number}']").First).ToBeVisibleAsync();
        await ShootAsync(staff, "enrolment-documents");

        // The documents list shows both, each with its Chorus Pro row: the buyer gets its credit note where it got the invoice.
        await ConsoleBrowser.OpenAsync(staff, "/api/equipe/factures");
        await Assertions.Expect(staff.Locator($"[data-number='{invoice.Number}']").First).ToBeVisibleAsync();
        await Assertions.Expect(staff.Locator($"[data-number='{credit.Number}']").First).ToBeVisibleAsync();
        await Assertions.Expect(staff.Locator($"[data-number='{invoice.Number}'] [data-chorus]")).ToHaveAttributeAsync("data-chorus", nameof(ChorusStatus.ToDeposit));
        await Assertions.Expect(staff.Locator($"[data-number='{credit.Number}'] [data-chorus]")).ToHaveAttributeAsync("data-chorus", nameof(ChorusStatus.ToDeposit));
        await ShootAsync(staff, "factures");

        // The staff downloads: each PDF carries its number, the credit note its invoice's.
        Assert.Contains(invoice.Number, await PdfTextAsync(staff, $"/api/equipe/factures/{invoice.Number}"));
        var creditText = await PdfTextAsync(staff, $"/api/equipe/factures/{credit.Number}");
        Assert.Contains(credit.Number, creditText);
        Assert.Contains(invoice.Number, creditText);

        // /_dev/mail: the convention (in the registration email), the invoice and the credit note, to the payer.
        var mails = (await MailsAsync(staff)).Where(m => m.To == PayerEmail).ToList();
        Assert.Single(mails, m => m.Subject.StartsWith("Inscription enregistrée", StringComparison.Ordinal));
        var invoiceMail = Assert.Single(mails, m => m.Subject.StartsWith($"Facture {invoice.Number}", StringComparison.Ordinal));
        var creditMail = Assert.Single(mails, m => m.Subject.StartsWith($"Avoir {credit.Number} sur la facture {invoice.Number}", StringComparison.Ordinal));
        Assert.Contains(invoice.Number, await PdfTextAsync(staff, $"{invoiceMail.Href}/attachments/0"));
        Assert.Contains(credit.Number, await PdfTextAsync(staff, $"{creditMail.Href}/attachments/0"));
        await staff.GotoAsync(invoiceMail.Href);
        await ShootAsync(staff, "mail-facture");

        Assert.Empty(_problems);
    }

    // The tokenised convention link of the registration email: /api/conventions/{id}?token=…
    [GeneratedRegex(@"https?://[^\s)\]>]+/api/conventions/(?<id>[^/?\s)\]>]+)\?token=[^\s)\]>&]+")]
    private static partial Regex ConventionLink();
}
