using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Attendance;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Documents;

namespace Monalisa.Functions.Tests.Attendance;

/// <summary>
/// The attendance sheet over the real host and Azurite, with the dev sign-in and the fake clock: a trainer opens the
/// half-days, trainees sign with the room's code (or on the trainer's device), the trainer marks and countersigns, the
/// summary is what was signed, closing asks for certificates, a staff correction is logged, and the PDF says it all.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AttendanceApiTests(AzuriteFixture storage)
{
    private const string Trainer = "Claire Formatrice";

    private sealed class Host(TestApi api, TestCourse course) : IAsyncDisposable
    {
        public TestApi Api { get; } = api;
        public TestCourse Course { get; } = course;
        public string SessionId => Course.SessionId;
        public IReadOnlyList<HalfDay> HalfDays => HalfDay.Of(Course.Course, Course.Course.Sessions[0]);

        public static async Task<Host> StartAsync(AzuriteFixture storage)
        {
            var course = new TestCourse();
            return new Host(await TestApi.StartAsync(storage, course.Catalogue), course);
        }

        public string AnneEmail { get; } = $"anne-{Guid.NewGuid():N}@example.org";

        /// <summary>One enrolment of Anne Martin and Paul Durand; their pseudonyms in the session.</summary>
        public async Task<(string Anne, string Paul)> EnrolAsync()
        {
            string anne = AnneEmail, paul = $"paul-{Guid.NewGuid():N}@example.org";
            var body = new EnrolmentBody(SessionId).Trainee(email: anne).Trainee(email: paul, firstName: "Paul", lastName: "Durand");
            var response = await Api.Client.PostAsync("/api/enrolments", body.ToJsonContent());
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var locks = Api.Services.GetRequiredService<TraineeLocks>();
            return (locks.TraineeKey(anne), locks.TraineeKey(paul));
        }

        public string Token(string traineeKey) => Api.Services.GetRequiredService<TraineeLinks>().Token(AttendanceLinks.Purpose, SessionId, traineeKey);

        public string Url(string? halfDay = null, string suffix = "") =>
            $"/api/equipe/sessions/{SessionId}/emargement{(halfDay is null ? "" : "/" + halfDay)}{suffix}";

        public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
            new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

        public async Task<HttpResponseMessage> TraineeSignsAsync(string traineeKey, string halfDay, string code, bool ticked = true)
        {
            var fields = new List<(string, string)> { ("token", Token(traineeKey)), ("halfDay", halfDay), ("code", code) };
            if (ticked) fields.Add(("statement", "true"));
            return await Api.Client.PostAsync($"/api/emargement/{SessionId}/{traineeKey}", Form([.. fields]));
        }

        public async Task<SessionAttendance?> SummaryAsync() =>
            await Api.Services.GetRequiredService<AttendanceSummaries>().ReadAsync(SessionId, CancellationToken.None);

        public ValueTask DisposeAsync() => Api.DisposeAsync();
    }

    private static async Task<string> CodeAsync(HttpClient trainer, Host host, string halfDay)
    {
        var json = await trainer.GetFromJsonAsync<JsonElement>(host.Url(halfDay, "/code"));
        return json.GetProperty("code").GetString()!.Replace(" ", "");
    }

    private static async Task Expect303Async(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    [Fact]
    public async Task Signed_with_the_rooms_code_marked_countersigned_and_closed_the_session_publishes_the_hours_then_a_correction_is_logged()
    {
        await using var host = await Host.StartAsync(storage);
        var (anne, paul) = await host.EnrolAsync();
        using var trainer = await host.Api.SignInAsync(Trainer, "trainer");
        var days = host.HalfDays;
        var first = days[0];

        // Too early: more than 30 minutes before the start.
        host.Api.Clock.SetUtcNow(first.StartsAt.AddMinutes(-40));
        var early = await trainer.PostAsync(host.Url(), Host.Form(("action", "ouvrir"), ("halfDay", first.Id)));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("30 minutes avant", await early.Content.ReadAsStringAsync());

        host.Api.Clock.SetUtcNow(first.StartsAt.AddMinutes(-10));
        await Expect303Async(await trainer.PostAsync(host.Url(), Host.Form(("action", "ouvrir"), ("halfDay", first.Id))));
        var page = await trainer.GetStringAsync(host.Url(first.Id));
        Assert.Contains("data-attendance-code", page);
        Assert.Contains("Anne Martin", page);

        // Anne signs on her phone: a wrong code is refused, the room's code is accepted.
        var code = await CodeAsync(trainer, host, first.Id);
        var wrong = await host.TraineeSignsAsync(anne, first.Id, code == "000000" ? "111111" : "000000");
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("saisissez les 6 chiffres", await wrong.Content.ReadAsStringAsync());
        host.Api.Clock.Advance(TimeSpan.FromMinutes(5));
        var stale = await host.TraineeSignsAsync(anne, first.Id, code);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var signed = await host.TraineeSignsAsync(anne, first.Id, await CodeAsync(trainer, host, first.Id));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Contains("data-signed-now", await signed.Content.ReadAsStringAsync());

        // Paul signs on the trainer's device, arrives late.
        await Expect303Async(await trainer.PostAsync(host.Url(first.Id), Host.Form(("action", "signer"), ("trainee", paul), ("statement", "true"))));
        await Expect303Async(await trainer.PostAsync(host.Url(first.Id), Host.Form(("action", "marquer"), ("trainee", paul), ("kind", "retard"), ("time", "9:45"))));
        var badTime = await trainer.PostAsJsonAsync(host.Url(first.Id), new { action = "marquer", trainee = paul, kind = "retard", time = "8:00" });
        var errors = await ProblemAssert.IsProblemAsync(badTime, HttpStatusCode.Conflict);
        Assert.Equal([AttendanceMessages.TimeOutside], errors["time"]);

        host.Api.Clock.SetUtcNow(first.EndsAt);
        await Expect303Async(await trainer.PostAsync(host.Url(first.Id), Host.Form(("action", "contresigner"))));

        // The summary row, written with the countersignature, is what was signed.
        var summary = (await host.SummaryAsync())!;
        Assert.Equal((PresenceKind.Present, 210), (summary.Trainees.Single(t => t.TraineeKey == anne).HalfDays.Single().Kind, summary.Trainees.Single(t => t.TraineeKey == anne).MinutesAttended));
        var paulFirst = summary.Trainees.Single(t => t.TraineeKey == paul).HalfDays.Single();
        Assert.Equal((PresenceKind.Late, 165, new TimeOnly(9, 45)), (paulFirst.Kind, paulFirst.Minutes, paulFirst.From));
        Assert.Equal((Trainer, 210), (summary.Trainers.Single().Name, summary.Trainers.Single().Minutes));
        Assert.Equal(1, summary.Version);

        // Frozen: neither a signature nor a mark changes it now.
        var late = await trainer.PostAsJsonAsync(host.Url(first.Id), new { action = "marquer", trainee = paul, kind = "absent" });
        Assert.Equal([AttendanceMessages.Frozen], (await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict))["halfDay"]);
        var afterwards = await host.TraineeSignsAsync(paul, first.Id, "123456");
        Assert.Equal(HttpStatusCode.Conflict, afterwards.StatusCode);
        Assert.Contains("contresignée par le formateur", await afterwards.Content.ReadAsStringAsync());

        // The other half-days: Anne signs all but the first afternoon, Paul none.
        foreach (var h in days.Skip(1))
        {
            host.Api.Clock.SetUtcNow(h.StartsAt.AddMinutes(-5));
            await Expect303Async(await trainer.PostAsync(host.Url(), Host.Form(("action", "ouvrir"), ("halfDay", h.Id))));
            if (h != days[1])
                await Expect303Async(await trainer.PostAsync(host.Url(h.Id), Host.Form(("action", "signer"), ("trainee", anne), ("statement", "true"))));
            host.Api.Clock.SetUtcNow(h.EndsAt.AddMinutes(1));
            await Expect303Async(await trainer.PostAsync(host.Url(h.Id), Host.Form(("action", "contresigner"))));
        }

        var queue = host.Api.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("certificates");
        await queue.CreateIfNotExistsAsync();
        await Expect303Async(await trainer.PostAsync(host.Url(), Host.Form(("action", "clore"))));
        Assert.Contains((await queue.PeekMessagesAsync(maxMessages: 32)).Value, m => m.MessageText == host.SessionId);

        summary = (await host.SummaryAsync())!;
        Assert.NotNull(summary.ClosedAt);
        Assert.Equal(630, summary.Trainees.Single(t => t.TraineeKey == anne).MinutesAttended);
        Assert.Equal(165, summary.Trainees.Single(t => t.TraineeKey == paul).MinutesAttended);
        Assert.Equal(840, summary.Trainers.Single().Minutes);

        // A trainer cannot correct; staff can, with a reason: logged, Version + 1, hours changed.
        var byTrainer = await trainer.PostAsJsonAsync(host.Url(days[1].Id), new { action = "corriger", trainee = paul, kind = "present", reason = "oubli" });
        Assert.Equal(HttpStatusCode.Forbidden, byTrainer.StatusCode);
        using var staff = await host.Api.SignInAsync("Sophie Équipe", "staff");
        var noReason = await staff.PostAsJsonAsync(host.Url(days[1].Id), new { action = "corriger", trainee = paul, kind = "present" });
        Assert.Equal([AttendanceMessages.ReasonRequired], (await ProblemAssert.IsProblemAsync(noReason, HttpStatusCode.Conflict))["reason"]);
        await Expect303Async(await staff.PostAsync(host.Url(days[1].Id), Host.Form(("action", "corriger"), ("trainee", paul), ("kind", "present"), ("reason", "feuille papier"))));

        var corrected = (await host.SummaryAsync())!;
        Assert.Equal(2, corrected.Version);
        Assert.Equal(165 + 210, corrected.Trainees.Single(t => t.TraineeKey == paul).MinutesAttended);
        Assert.True(corrected.Trainees.Single(t => t.TraineeKey == paul).HalfDays.Single(p => p.HalfDayId == days[1].Id).Corrected);
        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Attendance");
        var logged = await table.QueryAsync<TableEntity>(e => e.PartitionKey == host.SessionId).Where(e => e.RowKey.StartsWith("correction|")).ToListAsync();
        var row = Assert.Single(logged);
        Assert.Equal("Sophie Équipe", JsonDocument.Parse(row.GetString(AttendanceStore.Json)).RootElement.GetProperty("by").GetString());
        Assert.Contains("feuille papier", row.GetString(AttendanceStore.Json));
        Assert.Equal(2, (await queue.PeekMessagesAsync(maxMessages: 32)).Value.Count(m => m.MessageText == host.SessionId));

        // The sheet's PDF: names, times, trainer, correction.
        var pdfResponse = await trainer.GetAsync(host.Url(suffix: "/pdf"));
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        var text = PdfText.Read(await pdfResponse.Content.ReadAsByteArrayAsync()).Flat;
        Assert.True(text.Contains("Anne Martin"), text);
        Assert.True(text.Contains("Paul Durand"), text);
        Assert.True(text.Contains($"Contresigné électroniquement par {Trainer}"), text);
        Assert.True(text.Contains("arrivé·e à 9 h 45"), text);
        Assert.True(text.Contains("signé électroniquement le 16 mars 2027 à 8 h 55, sur son appareil avec le code de la salle"), text);
        Assert.True(text.Contains("de 13 h 30 à 17 h"), text);
        Assert.True(text.Contains("motif : feuille papier"), text);
        Assert.Contains(host.Course.Course.Title, text);
    }

    [Fact]
    public async Task A_wrong_token_or_a_stranger_key_gets_the_same_404_and_the_right_link_shows_the_next_half_day()
    {
        await using var host = await Host.StartAsync(storage);
        var (anne, _) = await host.EnrolAsync();

        var right = await host.Api.Client.GetAsync($"/api/emargement/{host.SessionId}/{anne}?token={host.Token(anne)}");
        var html = await right.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("signez avec le code affiché par le formateur", html);

        var wrongToken = await host.Api.Client.GetAsync($"/api/emargement/{host.SessionId}/{anne}?token=abc");
        var stranger = new string('a', 64);
        var wrongKey = await host.Api.Client.GetAsync($"/api/emargement/{host.SessionId}/{stranger}?token={host.Token(stranger)}");
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongKey.StatusCode);
        Assert.Equal(await wrongToken.Content.ReadAsStringAsync(), await wrongKey.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_trainer_reaches_the_attendance_pages_but_not_the_rest_of_the_console()
    {
        await using var host = await Host.StartAsync(storage);
        using var trainer = await host.Api.SignInAsync(Trainer, "trainer");

        Assert.Equal(HttpStatusCode.OK, (await trainer.GetAsync(host.Url())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync("/api/equipe")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync($"/api/equipe/sessions/{host.SessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync("/api/equipe/personnes")).StatusCode);
        using var nobody = await host.Api.SignInAsync("Personne", "aucun");
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync(host.Url())).StatusCode);
    }

    [Fact]
    public async Task Staff_attach_a_scanned_paper_sheet_kept_with_its_hash_and_downloadable()
    {
        await using var host = await Host.StartAsync(storage);
        using var staff = await host.Api.SignInAsync("Sophie Équipe", "staff");
        var halfDay = host.HalfDays[0].Id;
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.Concat(Enumerable.Range(0, 150_000).Select(i => (byte)(i % 251))).ToArray();

        using var form = new MultipartFormDataContent { { new ByteArrayContent(png), "file", "feuille.png" } };
        await Expect303Async(await staff.PostAsync(host.Url(halfDay, "/scans"), form));
        var pageResponse = await staff.GetAsync(host.Url(halfDay));
        var page = await pageResponse.Content.ReadAsStringAsync();
        Assert.True(pageResponse.IsSuccessStatusCode, page);
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"([^\"]+/scans/[0-9]+)\"").Groups[1].Value;
        Assert.NotEmpty(link);
        var download = await staff.GetAsync(link);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());

        using var text = new MultipartFormDataContent { { new ByteArrayContent("not a scan"u8.ToArray()), "file", "x.txt" } };
        var refused = await staff.PostAsync(host.Url(halfDay, "/scans"), text);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var trainer = await host.Api.SignInAsync(Trainer, "trainer");
        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task A_trainees_personal_data_export_lists_their_attendance_records()
    {
        await using var host = await Host.StartAsync(storage);
        var (anne, _) = await host.EnrolAsync();
        using var trainer = await host.Api.SignInAsync(Trainer, "trainer");
        var first = host.HalfDays[0];
        host.Api.Clock.SetUtcNow(first.StartsAt.AddMinutes(-5));
        await Expect303Async(await trainer.PostAsync(host.Url(), Host.Form(("action", "ouvrir"), ("halfDay", first.Id))));
        await Expect303Async(await trainer.PostAsync(host.Url(first.Id), Host.Form(("action", "signer"), ("trainee", anne), ("statement", "true"))));

        using var staff = await host.Api.SignInAsync("Sophie Équipe", "staff");
        var response = await staff.PostAsync("/api/equipe/personnes/export", Host.Form(("email", host.AnneEmail)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var record = Assert.Single(json.RootElement.GetProperty("emargement").EnumerateArray());
        Assert.Equal(first.Id, record.GetProperty("demiJournee").GetString());
        Assert.Equal("appareil du formateur", record.GetProperty("moyen").GetString());
        Assert.Equal(64, record.GetProperty("empreinteDeclaration").GetString()!.Length);
    }

    [Fact]
    public async Task Retention_deletes_a_sessions_attendance_six_years_after_its_last_half_day_and_keeps_a_younger_one()
    {
        await using var host = await Host.StartAsync(storage);
        var summaries = host.Api.Services.GetRequiredService<AttendanceSummaries>();
        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Attendance");
        var course = host.Course.Course;
        SessionAttendance Summary(string id, DateOnly start) =>
            new(course.Slug, id, HalfDay.Of(course, course.Sessions[0] with { Id = id, Start = start, End = start.AddDays(1) }), [], [], 1);
        var today = DateOnly.FromDateTime(host.Api.Clock.GetUtcNow().UtcDateTime);
        string old = $"old-{Guid.NewGuid():N}", young = $"young-{Guid.NewGuid():N}";
        await summaries.WriteAsync(Summary(old, today.AddYears(-6).AddDays(-10)), CancellationToken.None);
        await table.AddEntityAsync(new TableEntity(old, "scan|x|1") { ["Bytes"] = 1 });
        await summaries.WriteAsync(Summary(young, today.AddYears(-6).AddDays(10)), CancellationToken.None);

        (await host.Api.Client.PostAsync("/_dev/timers/ApplyRetention", null)).EnsureSuccessStatusCode();

        Assert.Empty(await table.QueryAsync<TableEntity>(e => e.PartitionKey == old).ToListAsync());
        Assert.NotNull(await summaries.ReadAsync(young, CancellationToken.None));
    }
}
