using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Monalisa.Domain.Attendance;
using Monalisa.LocalHost;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace Monalisa.Browser.Tests.Console;

/// <summary>
/// Issue 18's journey in Chromium against the local host, the fake clock moved through the session's days: two trainees
/// of an organisation, confirmed by staff, sign each half-day from the personal link of their convocation with the code
/// the trainer shows on a 375 px phone; one of them misses an afternoon. The trainer countersigns every half-day, closes
/// the session and records the assessment; the certificates arrive at /_dev/mail with the hours of the sheet (10 h 30 for
/// the absent trainee, 14 h for the other). After the session a trainee answers the « à chaud » questionnaire, and a
/// site build with the published export (api/resultats) shows the course's satisfaction rate with its date.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed partial class DeliverAndProveJourneyTests(AzuriteFixture storage, ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Phone = 375;
    private const string TrainerName = "Alex Formateur";
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
    private string Email(string who) => $"{who}-{_tag}@example.org";
    private string SessionPath => $"/api/equipe/sessions/{Site.Session.Id}";

    private async Task<IPage> PageAsync(int width)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = Site.Api.BaseAddress.ToString().TrimEnd('/'),
            Locale = "fr-FR",
            ViewportSize = new() { Width = width, Height = 800 },
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>axe and no sideways scrolling; the shot also goes to docs/screenshots/ when the screenshot script runs.</summary>
    private async Task ShootAsync(IPage page, string name, int width)
    {
        _problems.AddRange(await ConsoleBrowser.CheckAndShootAsync(page, name, width));
        await ConsoleBrowser.ShootForDocsAsync(page, $"{name}-{width}.png");
    }

    private async Task RunAsync(string path)
    {
        var response = await Site.Api.Client.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private sealed record Mail(string To, string Subject, string Kind, string Href);

    /// <summary>Sends what is queued, then reads the list at /_dev/mail (newest first).</summary>
    private async Task<List<Mail>> MailsAsync(IPage page)
    {
        await RunAsync("/_dev/queues/run");
        await page.GotoAsync("/_dev/mail");
        var rows = await page.Locator("tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent, r.cells[2].querySelector('a').getAttribute('href')])");
        return rows.Select(r => new Mail(r[0].Trim(), r[1].Trim(), r[2].Trim(), r[3])).Where(m => m.To.Contains(_tag, StringComparison.Ordinal)).ToList();
    }

    private static async Task<string> MailTextAsync(IPage page, Mail mail)
    {
        await page.GotoAsync(mail.Href);
        return await page.Locator("pre").First.TextContentAsync() ?? "";
    }

    /// <summary>The texts of an email's PDF attachments, in order, as /_dev/mail serves them.</summary>
    private static async Task<List<string>> AttachmentsAsync(IPage page, Mail mail)
    {
        var texts = new List<string>();
        for (var index = 0; ; index++)
        {
            var response = await page.Context.APIRequest.GetAsync($"{mail.Href}/attachments/{index}");
            if (response.Status == 404) return texts;
            Assert.True(response.Ok, $"{mail.Href}/attachments/{index} answered {response.Status}");
            using var pdf = PdfDocument.Open(await response.BodyAsync());
            texts.Add(Normalize(string.Join(" ", pdf.GetPages().Select(p => p.Text))));
        }
    }

    private static string Normalize(string text) => Regex.Replace(text.Replace('\u202F', ' ').Replace('\u00A0', ' '), @"\s+", " ");

    private void At(DateTimeOffset instant) => Site.Api.Clock.SetUtcNow(instant);

    /// <summary>The trainer opens a half-day on the session's page and reads the room's code.</summary>
    private static async Task<string> OpenHalfDayAsync(IPage trainer, string sessionPath, HalfDay halfDay)
    {
        await ConsoleBrowser.OpenAsync(trainer, $"{sessionPath}/emargement");
        var before = trainer.Url;
        await trainer.Locator($"[data-half-day='{halfDay.Id}'] [data-action=open]").ClickAsync();
        await trainer.WaitForURLAsync(url => url != before);
        await trainer.WaitForLoadStateAsync();
        Assert.True(trainer.Url.Contains($"/emargement/{halfDay.Id}", StringComparison.Ordinal),
            $"Opening {halfDay.Id} answered {trainer.Url}: {await trainer.Locator("main").TextContentAsync()}");
        var code = (await trainer.Locator("[data-attendance-code]").TextContentAsync() ?? "").Trim();
        Assert.Matches(@"^\d{3} ?\d{3}$", code);
        return code;
    }

    /// <summary>A trainee opens their link, types the code, ticks the statement and signs.</summary>
    private async Task SignAsync(IPage trainee, string link, string code, HalfDay halfDay, string? shot = null)
    {
        await trainee.GotoAsync(link);
        await trainee.FillAsync("#code", code);
        await trainee.CheckAsync("#statement");
        if (shot is not null) await ShootAsync(trainee, shot, Phone);
        await trainee.GetByRole(AriaRole.Button, new() { Name = "Signer ma présence" }).ClickAsync();
        await Assertions.Expect(trainee.Locator("[data-signed-now]")).ToHaveAttributeAsync("data-signed-now", halfDay.Id);
    }

    private static async Task CountersignAsync(IPage trainer)
    {
        await trainer.Locator("[data-action=countersign]").ClickAsync();
        await Assertions.Expect(trainer.Locator("[data-countersigned]")).ToContainTextAsync(TrainerName);
    }

    [Fact]
    public async Task Two_trainees_sign_from_their_links_one_misses_an_afternoon_and_the_certificates_the_questionnaire_and_the_published_rate_follow()
    {
        _site = await JourneySite.StartAsync(storage);
        var halfDays = HalfDay.Of(Site.Course, Site.Session);
        Assert.Equal(4, halfDays.Count);
        Assert.Equal(14 * 60, halfDays.Sum(h => h.Minutes));

        // An organisation enrols two trainees on invoice; staff confirm: each trainee's convocation carries their link.
        var body = new EnrolmentBody(Site.Session.Id).Payer("email", Email("payeur"))
            .Trainee(email: Email("lea"), firstName: "Léa", lastName: "Journey")
            .Trainee(email: Email("sami"), firstName: "Sami", lastName: "Journey")
            .Invoice();
        var (enrolmentId, _) = await ConsoleBrowser.EnrolAsync(Site.Api, body);
        await RunAsync("/_dev/queues/run");
        var staff = await Site.Api.SignInAsync();
        var confirmed = await staff.PostAsync($"/api/staff/enrolments/{enrolmentId}/confirm", null);
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());

        var reader = await PageAsync(1280);
        var mails = await MailsAsync(reader);
        var links = new Dictionary<string, string>();
        foreach (var who in new[] { "lea", "sami" })
        {
            var convocation = Assert.Single(mails, m => m.To == Email(who) && m.Subject.StartsWith("Convocation", StringComparison.Ordinal));
            var text = await MailTextAsync(reader, convocation);
            links[who] = AttendanceLink().Match(text) is { Success: true } link ? link.Value : throw new Xunit.Sdk.XunitException("No attendance link in: " + text);
        }

        // Each half-day: the trainer opens it on a phone, the trainees sign on theirs; Sami misses the second afternoon.
        var trainer = await ConsoleBrowser.SignedInPageAsync(chromium.Browser, Site.Api.BaseAddress, Phone, TrainerName, "trainer", $"{SessionPath}/emargement");
        _contexts.Add(trainer.Context);
        trainer.Context.SetDefaultTimeout(20_000);
        var lea = await PageAsync(Phone);
        var sami = await PageAsync(Phone);
        var absent = halfDays[3];
        Assert.Equal(HalfDayPart.Afternoon, absent.Part);
        foreach (var halfDay in halfDays)
        {
            At(halfDay.StartsAt.AddMinutes(5));
            var code = await OpenHalfDayAsync(trainer, SessionPath, halfDay);
            await SignAsync(lea, links["lea"], code, halfDay, halfDay == halfDays[0] ? "emargement-stagiaire" : null);
            if (halfDay != absent) await SignAsync(sami, links["sami"], code, halfDay);
            if (halfDay == halfDays[0])
            {
                await ShootAsync(lea, "emargement-stagiaire-signe", Phone);
                await ConsoleBrowser.OpenAsync(trainer, $"{SessionPath}/emargement/{halfDay.Id}");
                await Assertions.Expect(trainer.Locator("[data-trainee][data-signed]")).ToHaveCountAsync(2);
                await ShootAsync(trainer, "emargement-formateur", Phone);
            }
            else await ConsoleBrowser.OpenAsync(trainer, $"{SessionPath}/emargement/{halfDay.Id}");
            await CountersignAsync(trainer);
            await Assertions.Expect(trainer.Locator("[data-trainee][data-signed]")).ToHaveCountAsync(halfDay == absent ? 1 : 2);
        }
        await sami.GotoAsync(links["sami"]);
        await Assertions.Expect(sami.Locator($"[data-half-day='{absent.Id}']")).ToContainTextAsync("non signé");

        // The trainer closes the session and records the assessment: the attestations go out with the certificates.
        await ConsoleBrowser.OpenAsync(trainer, $"{SessionPath}/emargement");
        await trainer.Locator("[data-action=close]").ClickAsync();
        await Assertions.Expect(trainer.Locator("[data-session-closed]")).ToBeVisibleAsync();
        await ShootAsync(trainer, "emargement-session-close", Phone);
        await ConsoleBrowser.OpenAsync(trainer, $"{SessionPath}/evaluation");
        await ShootAsync(trainer, "evaluation", Phone);
        foreach (var name in new[] { "Léa Journey", "Sami Journey" })
        {
            var form = trainer.Locator("form.console-evaluation").Filter(new() { HasText = name });
            await form.Locator("input[value=atteints]").CheckAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = $"Enregistrer le résultat de {name}" }).ClickAsync();
            await Assertions.Expect(trainer.Locator("[data-done=evaluation]")).ToBeVisibleAsync();
        }
        await RunAsync("/_dev/queues/run");
        await RunAsync("/_dev/timers/SweepCertificates");

        // The sheet as the trainer prints it: 4 half-days, and the attendance PDF.
        var sheet = await trainer.Context.APIRequest.GetAsync($"{SessionPath}/emargement/pdf");
        Assert.True(sheet.Ok, $"The sheet answered {sheet.Status}");
        using (var pdf = PdfDocument.Open(await sheet.BodyAsync()))
            Assert.Contains("Léa Journey", Normalize(string.Join(" ", pdf.GetPages().Select(p => p.Text))));

        // The certificates at /_dev/mail: the hours of the sheet, not of the programme.
        mails = await MailsAsync(reader);
        foreach (var (who, hours) in new[] { ("lea", "14 h"), ("sami", "10 h 30") })
        {
            var sent = mails.Where(m => m.To == Email(who) && m.Subject.Contains("certificat de réalisation", StringComparison.Ordinal)).ToList();
            Assert.True(sent.Count >= 1, $"No certificate to {who}: " + string.Join(" | ", mails.Where(m => m.To == Email(who)).Select(m => m.Subject)));
            var texts = await AttachmentsAsync(reader, sent[0]);
            foreach (var t in texts) output.WriteLine($"{who}: {t[..Math.Min(t.Length, 400)]}");
            var certificate = Assert.Single(texts, t => t.Contains("CERTIFICAT DE RÉALISATION", StringComparison.OrdinalIgnoreCase));
            Assert.Contains($"{hours} réalisées (sur 14 h prévues", certificate);
            Assert.Contains(texts, t => t.Contains("attestation de fin de formation", StringComparison.OrdinalIgnoreCase) && t.Contains("atteints", StringComparison.Ordinal));
        }

        // After the last half-day: the « à chaud » questionnaire; Léa answers it from her email.
        var before = await SatisfactionAsync();
        At(halfDays[^1].EndsAt.AddHours(2));
        await RunAsync("/_dev/timers/SendSurveys");
        mails = await MailsAsync(reader);
        var invitation = Assert.Single(mails, m => m.To == Email("lea") && m.Subject.StartsWith("Votre avis sur la formation", StringComparison.Ordinal));
        var survey = SurveyLink().Match(await MailTextAsync(reader, invitation));
        Assert.True(survey.Success, "No questionnaire link in the « à chaud » email.");
        await lea.GotoAsync(survey.Value);
        await Assertions.Expect(lea.Locator("form[data-survey]")).ToBeVisibleAsync();
        await ShootAsync(lea, "questionnaire-chaud", Phone);
        foreach (var question in await lea.Locator("fieldset[data-question]").AllAsync())
        {
            var radios = question.Locator("input[type=radio]");
            var values = await radios.EvaluateAllAsync<string[]>("rs => rs.map(r => r.value)");
            var best = values.Select(v => int.TryParse(v, out var n) ? n : int.MinValue).Max();
            await question.Locator($"input[type=radio][value='{best}']").CheckAsync();
        }
        await lea.GetByRole(AriaRole.Button, new() { Name = "Envoyer mes réponses" }).ClickAsync();
        await Assertions.Expect(lea.Locator("h1")).ToHaveTextAsync("Merci pour vos réponses");

        // The published export counts her answer; a build with it shows the rate and its date on the course page.
        var after = await SatisfactionAsync();
        Assert.Equal((before?.Respondents ?? 0) + 1, after!.Respondents);
        var file = Path.Combine(Path.GetTempPath(), $"resultats-{_tag}.json");
        await File.WriteAllTextAsync(file, await Site.Api.Client.GetStringAsync("/api/resultats"));
        try { Site.Rebuild(file); }
        finally { File.Delete(file); }
        await reader.GotoAsync(Site.CoursePath);
        var rate = reader.Locator("[data-results=satisfaction]");
        await Assertions.Expect(rate).ToContainTextAsync(new Regex($@"\b{after.Rate}\s%"));
        await Assertions.Expect(rate).ToContainTextAsync("chiffres arrêtés au");

        foreach (var problem in _problems) output.WriteLine(problem);
        Assert.Empty(_problems);
    }

    private sealed record Satisfaction(int Rate, int Respondents);

    /// <summary>This course's satisfaction in the published export (api/resultats), if any.</summary>
    private async Task<Satisfaction?> SatisfactionAsync()
    {
        var json = JsonDocument.Parse(await Site.Api.Client.GetStringAsync("/api/resultats")).RootElement;
        var course = json.GetProperty("courses").EnumerateArray().Single(c => c.GetProperty("slug").GetString() == Site.Course.Slug);
        return course.TryGetProperty("satisfaction", out var s) && s.ValueKind == JsonValueKind.Object
            ? new Satisfaction(s.GetProperty("rate").GetInt32(), s.GetProperty("respondents").GetInt32())
            : null;
    }

    // The personal attendance link of the convocation: /api/emargement/{session}/{trainee}?token=…
    [GeneratedRegex(@"https?://[^\s)\]>]+/api/emargement/[^\s)\]>]+\?token=[^\s)\]>&]+")]
    private static partial Regex AttendanceLink();

    // The personal questionnaire link: /api/questionnaires/{survey}/{partition}/{respondent}?token=…
    [GeneratedRegex(@"https?://[^\s)\]>]+/api/questionnaires/[^\s)\]>]+\?token=[^\s)\]>&]+")]
    private static partial Regex SurveyLink();
}
