using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Invoicing;

namespace Monalisa.Functions.Tests.Bpf;

/// <summary>
/// The BPF page and CSV over Azurite, seeded through the real stores (enrolment rows, the ledger, the attendance summary)
/// in 2031, a year no other test uses. The shared storage may already hold 2031 figures from earlier runs, so each test
/// reads the CSV before and checks the change its own seed makes, computed by hand.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class BpfPageTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const int Year = 2031;
    private readonly TestCourse _course = new();
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(storage, _course.Catalogue);
        _api.Clock.SetUtcNow(new DateTimeOffset(2032, 2, 1, 9, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private T Service<T>() where T : notnull => _api.Services.GetRequiredService<T>();

    private static readonly HalfDay[] HalfDays =
    [
        new(new(Year, 3, 10), HalfDayPart.Morning, new(9, 0), new(12, 30)), new(new(Year, 3, 10), HalfDayPart.Afternoon, new(13, 30), new(17, 0)),
        new(new(Year, 3, 11), HalfDayPart.Morning, new(9, 0), new(12, 30)), new(new(Year, 3, 11), HalfDayPart.Afternoon, new(13, 30), new(17, 0)),
    ];

    private sealed record Seeded(string SessionId, EnrolmentRecord Company, EnrolmentRecord Individual, string Trainer);

    /// <summary>
    /// A company's enrolment of two employees (invoice 700 € HT, credit note 100 € HT; one employee absent the last
    /// afternoon) and a person paying for themselves (invoice 300 € HT), on a two-day session of March 2031.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var sessionId = $"bpf-{Guid.NewGuid():N}"[..20];
        var company = Enrolment(sessionId, new Payer(PayerKind.Organisation, "Entreprise BPF", "rh@bpf.test", "1 rue A, 75001 Paris", "12345678900011", null),
            "a@bpf.test", "b@bpf.test");
        var individual = Enrolment(sessionId, new Payer(PayerKind.Individual, "Dana Test", "dana@bpf.test", null, null, null), "dana@bpf.test");
        var table = Service<TableServiceClient>().GetTableClient("Enrolments");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(EnrolmentEntityMapping.ToEntity(company));
        await table.AddEntityAsync(EnrolmentEntityMapping.ToEntity(individual));

        var ledger = Service<InvoiceLedger>();
        await ledger.IssueAsync(Document(company, DocumentKind.Invoice, 70000, new(Year, 3, 12)), 1, CancellationToken.None);
        await ledger.IssueAsync(Document(company, DocumentKind.CreditNote, 10000, new(Year, 4, 1)), 2, CancellationToken.None);
        await ledger.IssueAsync(Document(individual, DocumentKind.Invoice, 30000, new(Year, 3, 12)), 1, CancellationToken.None);

        var locks = Service<TraineeLocks>();
        TraineeAttendance Present(EnrolmentRecord e, string email, bool absentLastAfternoon = false) => new(e.Id, locks.TraineeKey(email),
            [.. HalfDays.Select((h, i) => absentLastAfternoon && i == 3 ? new HalfDayPresence(h.Id, PresenceKind.Absent, 0) : new HalfDayPresence(h.Id, PresenceKind.Present, h.Minutes))]);
        var trainer = $"Formatrice {sessionId}";
        await Service<AttendanceSummaries>().WriteAsync(new SessionAttendance(_course.Slug, sessionId, HalfDays,
            [Present(company, "a@bpf.test"), Present(company, "b@bpf.test", absentLastAfternoon: true), Present(individual, "dana@bpf.test")],
            [new TrainerAttendance(trainer, [.. HalfDays.Select(h => h.Id)], 840)], 1) { ClosedAt = new DateTimeOffset(Year, 3, 11, 17, 0, 0, TimeSpan.Zero) },
            CancellationToken.None);
        return new Seeded(sessionId, company, individual, trainer);
    }

    private EnrolmentRecord Enrolment(string sessionId, Payer payer, params string[] trainees) => new()
    {
        Id = RecordId.New(sessionId), SessionId = sessionId, CourseSlug = _course.Slug,
        SessionEnd = new DateTimeOffset(Year, 3, 11, 0, 0, 0, TimeSpan.Zero), State = EnrolmentState.Confirmed,
        CreatedAt = new DateTimeOffset(Year, 1, 5, 9, 0, 0, TimeSpan.Zero), PaymentMethod = PaymentMethod.Invoice, Payer = payer,
        Trainees = [.. trainees.Select(t => new Trainee("Prénom", "Nom", t, null, null, null, TraineeCategory.Professional))],
        Lines = [], Days = 2, TotalCents = 0, TokenHash = "x",
    };

    private static BillingDocument Document(EnrolmentRecord e, DocumentKind kind, long net, DateOnly on)
    {
        var party = new BillingParty("MONALISA", "Paris", null, null, null, null);
        return new BillingDocument
        {
            Kind = kind, Number = DocumentNumber.Format(kind == DocumentKind.Invoice ? "F" : "A", on.Year, 0), IssueDate = on, DueDate = on.AddDays(30),
            ServiceStart = new(Year, 3, 10), ServiceEnd = new(Year, 3, 11), Seller = party, Buyer = party with { Name = e.Payer.Name },
            Lines = [new BillingLine("Formation", 1, "C62", net, net)], Vat = VatTreatment.Exempt("Exonération de TVA, article 261-4-4° a du CGI"),
            Totals = new BillingTotals(net, 0, net, 0), PaymentTerms = "30 jours", PaymentMeansCode = "30", EnrolmentId = e.Id,
        };
    }

    /// <summary>The CSV as (section, line) → (euros, trainees, hours), read as numbers.</summary>
    private async Task<Dictionary<(string, string), (decimal Euros, int Trainees, decimal Hours)>> CsvAsync(HttpClient staff)
    {
        var response = await staff.GetAsync($"/api/equipe/bpf/{Year}/csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var rows = new Dictionary<(string, string), (decimal, int, decimal)>();
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = line.Split(';');
            if (cells[0] is "Anomalie" or "F-4" or "F-3") continue;
            rows[(cells[0], cells[1])] = (Number(cells[3]), cells[4].Length == 0 ? 0 : int.Parse(cells[4], CultureInfo.InvariantCulture), Number(cells[5]));
        }
        return rows;
    }

    private static decimal Number(string cell) =>
        cell.Length == 0 ? 0 : decimal.Parse(cell.TrimStart('\'').Replace("\u202F", "").Replace("\u00A0", ""), NumberStyles.Number, CultureInfo.GetCultureInfo("fr-FR"));

    [Fact]
    public async Task The_page_and_the_csv_show_the_seeded_year_and_a_class_correction_moves_the_figures_and_is_logged()
    {
        var staff = await _api.SignInAsync("Lou Comptable");
        var before = await CsvAsync(staff);
        var seeded = await SeedAsync();
        var after = await CsvAsync(staff);

        // By hand: C1 = 700 − 100 = 600 €; C9 = 300 €; F-1 a = 2 trainees, 14 h + 10,5 h; d = 1, 14 h; E = 1 trainer, 14 h.
        Assert.Equal(600m, after[("C", "C1")].Euros - before[("C", "C1")].Euros);
        Assert.Equal(300m, after[("C", "C9")].Euros - before[("C", "C9")].Euros);
        Assert.Equal(900m, after[("C", "Total")].Euros - before[("C", "Total")].Euros);
        Assert.Equal((2, 24.5m), (after[("F-1", "a")].Trainees - before[("F-1", "a")].Trainees, after[("F-1", "a")].Hours - before[("F-1", "a")].Hours));
        Assert.Equal((1, 14m), (after[("F-1", "d")].Trainees - before[("F-1", "d")].Trainees, after[("F-1", "d")].Hours - before[("F-1", "d")].Hours));
        Assert.Equal((1, 14m), (after[("E", "Total")].Trainees - before[("E", "Total")].Trainees, after[("E", "Total")].Hours - before[("E", "Total")].Hours));

        // The page shows the same totals, in French format, in the Cerfa's sections.
        var page = await staff.GetStringAsync($"/api/equipe/bpf/{Year}");
        Assert.Equal(FrenchFormat.EurosFromCents((long)(after[("C", "C1")].Euros * 100)), Cell(page, "C", "C1", "amount"));
        Assert.Equal(FrenchFormat.DecimalHours((int)(after[("F-1", "a")].Hours * 60)), Cell(page, "F-1", "a", "hours"));
        Assert.Contains(seeded.Individual.Id, page);

        // Staff move the individual's enrolment to C1 (an employer reimbursed it): 300 € and 14 h move from C9/d to C1/a.
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["class"] = "Company", ["reason"] = "Employeur rembourse", ["year"] = $"{Year}" });
        var posted = await staff.PostAsync($"/api/staff/enrolments/{seeded.Individual.Id}/bpf-class", form);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var corrected = await CsvAsync(staff);
        Assert.Equal(900m, corrected[("C", "C1")].Euros - before[("C", "C1")].Euros);
        Assert.Equal(0m, corrected[("C", "C9")].Euros - before[("C", "C9")].Euros);
        Assert.Equal((3, 38.5m), (corrected[("F-1", "a")].Trainees - before[("F-1", "a")].Trainees, corrected[("F-1", "a")].Hours - before[("F-1", "a")].Hours));

        var record = (await Service<EnrolmentStore>().GetAsync(seeded.Individual.Id, CancellationToken.None))!;
        Assert.Equal((FundingClass.Company, "Employeur rembourse", "Lou Comptable"), (record.FundingCorrection!.Class, record.FundingCorrection.Reason, record.FundingCorrection.By));
        var timeline = await TimelineRows.ReadAsync(Service<TableServiceClient>().GetTableClient("Enrolments"), record, CancellationToken.None);
        var logged = Assert.Single(timeline, t => t.Kind == nameof(EnrolmentCommand.FundingClassCorrected));
        Assert.Equal(("Lou Comptable", "Company", "Employeur rembourse"), (logged.Actor.Name, logged.Detail["class"], logged.Detail["reason"]));
        var enrolmentPage = WebUtility.HtmlDecode(await staff.GetStringAsync($"/api/equipe/inscriptions/{seeded.Individual.Id}"));
        Assert.Contains("Classe BPF corrigée : entreprise (C1, F-1 a) — Employeur rembourse", enrolmentPage);
    }

    [Fact]
    public async Task Only_staff_see_the_bpf_and_a_bad_year_or_correction_gets_a_french_answer()
    {
        var anonymous = await _api.Client.GetAsync($"/api/equipe/bpf/{Year}");
        var trainer = await (await _api.SignInAsync("Tom Formateur", "trainer")).GetAsync($"/api/equipe/bpf/{Year}/csv");
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Found or HttpStatusCode.Forbidden, $"{anonymous.StatusCode}");
        Assert.Equal(HttpStatusCode.Forbidden, trainer.StatusCode);

        var staff = await _api.SignInAsync();
        // The console's entry opens last year's BPF, the one due before 30 April (the clock says February 2032).
        var latest = await staff.GetAsync("/api/equipe/bpf");
        Assert.Equal((HttpStatusCode.SeeOther, $"/api/equipe/bpf/{Year}"), (latest.StatusCode, latest.Headers.Location?.OriginalString));
        foreach (var year in new[] { "abc", "1999", "2040" })
        {
            var page = await staff.GetAsync($"/api/equipe/bpf/{year}");
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Contains("n’est pas une année de BPF", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
            await ProblemAssert.IsProblemAsync(await staff.GetAsync($"/api/equipe/bpf/{year}/csv"), HttpStatusCode.BadRequest);
        }

        var seeded = await SeedAsync();
        var noReason = await staff.PostAsync($"/api/staff/enrolments/{seeded.Company.Id}/bpf-class", JsonContent("{\"class\":\"Opco\",\"reason\":\"\"}"));
        var badClass = await staff.PostAsync($"/api/staff/enrolments/{seeded.Company.Id}/bpf-class", JsonContent("{\"class\":\"C42\",\"reason\":\"x\"}"));
        await ProblemAssert.IsProblemAsync(noReason, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(badClass, HttpStatusCode.BadRequest);
        var combined = await staff.PostAsync($"/api/staff/enrolments/{seeded.Company.Id}/bpf-class", JsonContent("{\"class\":\"Opco,PublicBody\",\"reason\":\"x\"}"));
        Assert.Contains("class", (await ProblemAssert.IsProblemAsync(combined, HttpStatusCode.BadRequest)).Keys);
        Assert.Null((await Service<EnrolmentStore>().GetAsync(seeded.Company.Id, CancellationToken.None))!.FundingCorrection);
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The text of a figure cell (data-amount, data-hours) on line <paramref name="line"/> of a section's table.</summary>
    private static string Cell(string html, string section, string line, string figure)
    {
        var table = Regex.Match(html, $"data-bpf-section=\"{Regex.Escape(section)}\".*?</table>", RegexOptions.Singleline).Value;
        var row = Regex.Match(table, $"<tr data-line=\"{Regex.Escape(line)}\">.*?</tr>", RegexOptions.Singleline).Value;
        return WebUtility.HtmlDecode(Regex.Match(row, $"data-{figure}>([^<]*)<").Groups[1].Value);
    }
}
