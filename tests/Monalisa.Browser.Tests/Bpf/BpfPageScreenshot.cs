using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Invoicing;
using Monalisa.LocalHost;

namespace Monalisa.Browser.Tests.Bpf;

/// <summary>
/// Issue 18's « must show »: the BPF page of a seeded year (2031) in Chromium at 1280 px, checked (figures, axe, no
/// sideways scrolling) and saved as docs/screenshots/bpf-2031.png. The seed: a company's two employees (700 € HT
/// invoiced, 100 € credited, one absent the last afternoon), a public body's agent (500 € HT), a person paying for
/// themselves (300 € HT), a volunteer sent by an association (150 € HT), on one two-day session.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class BpfPageScreenshot(AzuriteFixture storage, ChromiumFixture chromium) : IAsyncLifetime
{
    private const int Year = 2031;
    private JourneySite _site = null!;
    private IBrowserContext? _context;

    public async Task InitializeAsync()
    {
        _site = await JourneySite.StartAsync(storage);
        _site.Api.Clock.SetUtcNow(new DateTimeOffset(2032, 2, 1, 9, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _site.DisposeAsync();
    }

    private T Service<T>() where T : notnull => _site.Api.Services.GetRequiredService<T>();

    private static readonly HalfDay[] HalfDays =
    [
        new(new(Year, 3, 10), HalfDayPart.Morning, new(9, 0), new(12, 30)), new(new(Year, 3, 10), HalfDayPart.Afternoon, new(13, 30), new(17, 0)),
        new(new(Year, 3, 11), HalfDayPart.Morning, new(9, 0), new(12, 30)), new(new(Year, 3, 11), HalfDayPart.Afternoon, new(13, 30), new(17, 0)),
    ];

    [Fact]
    public async Task The_bpf_page_of_a_seeded_year_at_1280_pixels()
    {
        var page = await ConsoleSignedInAsync();
        await Console.ConsoleBrowser.OpenAsync(page, $"/api/equipe/bpf/{Year}");
        var before = await FiguresAsync(page);

        await SeedAsync();
        await Console.ConsoleBrowser.OpenAsync(page, $"/api/equipe/bpf/{Year}");
        var after = await FiguresAsync(page);

        // By hand: C1 +600 €, C3 +500 €, C9 +300 €, C11 +150 €; F-1 a +2 trainees / +24,5 h, d +1 / +14 h, e +2 / +28 h.
        Assert.Equal(600m, after["C1"] - before["C1"]);
        Assert.Equal(500m, after["C3"] - before["C3"]);
        Assert.Equal(300m, after["C9"] - before["C9"]);
        Assert.Equal(150m, after["C11"] - before["C11"]);
        Assert.Equal(24.5m, after["a"] - before["a"]);
        Assert.Equal(14m, after["d"] - before["d"]);
        Assert.Equal(28m, after["e"] - before["e"]);
        await Assertions.Expect(page.Locator("[data-bpf-section='F-4'] tr[data-line='332']")).ToContainTextAsync("Travail social");

        var problems = await Console.ConsoleBrowser.CheckAndShootAsync(page, "bpf", 1280);
        await Console.ConsoleBrowser.ShootForDocsAsync(page, $"bpf-{Year}.png");
        Assert.Empty(problems);
    }

    private async Task<IPage> ConsoleSignedInAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = _site.Api.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR", ViewportSize = new() { Width = 1280, Height = 900 },
        });
        _context.SetDefaultTimeout(20_000);
        var page = await _context.NewPageAsync();
        await Console.ConsoleBrowser.SignInAsync(page, then: "/api/equipe/");
        return page;
    }

    /// <summary>The euros of section C and the hours of F-1, by line code, as numbers read from the page's French text.</summary>
    private static async Task<Dictionary<string, decimal>> FiguresAsync(IPage page)
    {
        var figures = new Dictionary<string, decimal>();
        foreach (var code in new[] { "C1", "C3", "C9", "C11" })
            figures[code] = Number(await page.Locator($"[data-bpf-section='C'] tbody tr[data-line='{code}'] [data-amount]").InnerTextAsync());
        foreach (var code in new[] { "a", "d", "e" })
            figures[code] = Number(await page.Locator($"[data-bpf-section='F-1'] tbody tr[data-line='{code}'] [data-hours]").InnerTextAsync());
        return figures;
    }

    private static decimal Number(string text) =>
        decimal.Parse(Regex.Replace(text, @"[^\d,\-]", ""), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));

    private async Task SeedAsync()
    {
        var sessionId = $"bpf-{Guid.NewGuid():N}"[..20];
        var slug = _site.Course.Slug;
        var company = Enrolment(sessionId, slug, new Payer(PayerKind.Organisation, "Entreprise Exemple", "rh@exemple.org", "1 rue A, 75001 Paris", "12345678900011", null), TraineeCategory.Professional, "a@exemple.org", "b@exemple.org");
        var publicBody = Enrolment(sessionId, slug, new Payer(PayerKind.Organisation, "Commune Exemple", "rh@commune.example.org", "Mairie", "21690123400019", null) { PublicBody = new PublicBuyer(null, null) }, TraineeCategory.Professional, "c@commune.example.org");
        var individual = Enrolment(sessionId, slug, new Payer(PayerKind.Individual, "Dana Exemple", "dana@exemple.org", null, null, null), TraineeCategory.Professional, "dana@exemple.org");
        var association = Enrolment(sessionId, slug, new Payer(PayerKind.Organisation, "Association Exemple", "asso@exemple.org", "2 rue B, 69001 Lyon", "12345678900029", null), TraineeCategory.Volunteer, "v@exemple.org");
        var table = Service<TableServiceClient>().GetTableClient("Enrolments");
        await table.CreateIfNotExistsAsync();
        foreach (var e in new[] { company, publicBody, individual, association }) await table.AddEntityAsync(EnrolmentEntityMapping.ToEntity(e));

        var ledger = Service<InvoiceLedger>();
        await ledger.IssueAsync(Document(company, DocumentKind.Invoice, 70000), 1, CancellationToken.None);
        await ledger.IssueAsync(Document(company, DocumentKind.CreditNote, 10000), 2, CancellationToken.None);
        await ledger.IssueAsync(Document(publicBody, DocumentKind.Invoice, 50000) with { PublicBuyer = true }, 1, CancellationToken.None);
        await ledger.IssueAsync(Document(individual, DocumentKind.Invoice, 30000), 1, CancellationToken.None);
        await ledger.IssueAsync(Document(association, DocumentKind.Invoice, 15000), 1, CancellationToken.None);

        var locks = Service<TraineeLocks>();
        TraineeAttendance Present(EnrolmentRecord e, string email, bool absentLastAfternoon = false) => new(e.Id, locks.TraineeKey(email),
            [.. HalfDays.Select((h, i) => absentLastAfternoon && i == 3 ? new HalfDayPresence(h.Id, PresenceKind.Absent, 0) : new HalfDayPresence(h.Id, PresenceKind.Present, h.Minutes))]);
        await Service<AttendanceSummaries>().WriteAsync(new SessionAttendance(slug, sessionId, HalfDays,
            [Present(company, "a@exemple.org"), Present(company, "b@exemple.org", absentLastAfternoon: true), Present(publicBody, "c@commune.example.org"),
             Present(individual, "dana@exemple.org"), Present(association, "v@exemple.org")],
            [new TrainerAttendance("Claire Formatrice", [.. HalfDays.Select(h => h.Id)], 840)], 1), CancellationToken.None);
    }

    private static EnrolmentRecord Enrolment(string sessionId, string slug, Payer payer, TraineeCategory category, params string[] trainees) => new()
    {
        Id = RecordId.New(sessionId), SessionId = sessionId, CourseSlug = slug,
        SessionEnd = new DateTimeOffset(Year, 3, 11, 0, 0, 0, TimeSpan.Zero), State = EnrolmentState.Confirmed,
        CreatedAt = new DateTimeOffset(Year, 1, 5, 9, 0, 0, TimeSpan.Zero), PaymentMethod = PaymentMethod.Invoice, Payer = payer,
        Trainees = [.. trainees.Select(t => new Trainee("Prénom", "Nom", t, null, null, null, category))],
        Lines = [], Days = 2, TotalCents = 0, TokenHash = "x",
    };

    private static BillingDocument Document(EnrolmentRecord e, DocumentKind kind, long net)
    {
        var on = kind == DocumentKind.Invoice ? new DateOnly(Year, 3, 12) : new DateOnly(Year, 4, 1);
        var party = new BillingParty("MONALISA", "Paris", null, null, null, null);
        return new BillingDocument
        {
            Kind = kind, Number = DocumentNumber.Format(kind == DocumentKind.Invoice ? "F" : "A", on.Year, 0), IssueDate = on, DueDate = on.AddDays(30),
            ServiceStart = new(Year, 3, 10), ServiceEnd = new(Year, 3, 11), Seller = party, Buyer = party with { Name = e.Payer.Name },
            Lines = [new BillingLine("Formation", 1, "C62", net, net)], Vat = VatTreatment.Exempt("Exonération de TVA, article 261-4-4° a du CGI"),
            Totals = new BillingTotals(net, 0, net, 0), PaymentTerms = "30 jours", PaymentMeansCode = "30", EnrolmentId = e.Id,
        };
    }
}
