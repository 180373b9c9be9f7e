using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Privacy;

/// <summary>The console's personal-data page: find a person by email, export their data, erase it, with an audit log.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PersonalDataTests(AzuriteFixture storage)
{
    private readonly TableInspector _tables = new(storage.ConnectionString);

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Key, f => f.Value));

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, params (string, string)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_person_is_found_by_email_in_enrolments_and_intra_requests_and_the_search_is_logged_under_the_staff_name_without_the_address()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var prefix = Guid.NewGuid().ToString("N")[..8] + ".";
        var (id, _) = await host.EnrolByInvoiceAsync(emailPrefix: prefix);
        var intra = await host.Client.PostAsJsonAsync("/api/intra-requests", new
        {
            courseSlug = host.Course.Slug, organisation = "EHPAD Les Tilleuls", contactName = "Camille Martin", email = prefix + "camille.martin@example.org",
            participants = 8, consent = true, formToken = FormTokens.Valid,
        });
        Assert.Equal(HttpStatusCode.Created, intra.StatusCode);
        var staff = await host.Api.SignInAsync("Alex Moreau");

        var page = await PostFormAsync(staff, "/api/equipe/personnes", ("email", " " + prefix.ToUpperInvariant() + "camille.martin@EXAMPLE.org "));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"/api/equipe/inscriptions/{id}", html);
        Assert.Contains("EHPAD Les Tilleuls", html);
        Assert.Contains("1 demande intra", html);
        Assert.Contains("Alex Moreau", html);
        var audit = await AuditRowsAsync(host);
        var row = Assert.Single(audit, r => r.GetString("StaffName") == "Alex Moreau");
        Assert.Equal("Search", row.GetString("Act"));
        Assert.Equal(2, row.GetInt32("Records"));
        Assert.DoesNotContain(audit.SelectMany(r => r.Select(kv => kv.Value)), v => v?.ToString()?.Contains("example.org", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task The_export_is_a_json_download_of_the_persons_own_data_only_with_what_an_erasure_would_keep()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var prefix = Guid.NewGuid().ToString("N")[..8] + ".";
        var (id, _) = await host.EnrolByInvoiceAsync(emailPrefix: prefix);
        var staff = await host.Api.SignInAsync();
        // The audit table is shared by every test host of this month (fake clock): count this export, not the others.
        var exportsBefore = (await AuditRowsAsync(host)).Count(r => r.GetString("Act") == "Export");

        var response = await PostFormAsync(staff, "/api/equipe/personnes/export", ("email", prefix + "camille.martin@example.org"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var enrolment = Assert.Single(json.RootElement.GetProperty("inscriptions").EnumerateArray());
        Assert.Equal(id, enrolment.GetProperty("inscription").GetString());
        var trainee = Assert.Single(enrolment.GetProperty("stagiaires").EnumerateArray());
        Assert.Equal("Camille", trainee.GetProperty("prenom").GetString());
        Assert.Equal("0601020304", trainee.GetProperty("telephone").GetString());
        // Not the payer, and not the other trainee of the same enrolment.
        Assert.False(enrolment.TryGetProperty("payeur", out _));
        Assert.DoesNotContain("Dominique", json.RootElement.GetRawText());
        Assert.Contains(json.RootElement.GetProperty("conserveApresEffacement").EnumerateArray(), l => l.GetString()!.Contains("bilan pédagogique"));
        Assert.Equal(exportsBefore + 1, (await AuditRowsAsync(host)).Count(r => r.GetString("Act") == "Export"));
    }

    [Fact]
    public async Task Erasing_a_trainee_after_the_session_replaces_their_data_keeps_the_accounting_and_names_the_staff_member_in_the_timeline()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var prefix = Guid.NewGuid().ToString("N")[..8] + ".";
        var (id, _) = await host.EnrolByInvoiceAsync(emailPrefix: prefix);
        var staff = await host.Api.SignInAsync("Alex Moreau");
        var locksBefore = await _tables.CountAsync("Enrolments", host.Course.SessionId, "trainee|");
        host.Api.Clock.Advance(TimeSpan.FromDays(200));

        var response = await PostFormAsync(staff, "/api/equipe/personnes/effacer", ("email", prefix + "camille.martin@example.org"), ("confirm", "oui"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("1 dossier effacé", await response.Content.ReadAsStringAsync());
        var stored = await _tables.EnrolmentAsync(id);
        var trainees = JsonDocument.Parse(stored.GetString("Trainees")).RootElement;
        Assert.Equal("(effacé)", trainees[0].GetProperty("firstName").GetString());
        Assert.Null(trainees[0].GetProperty("phone").GetString());
        Assert.Equal("=HYPERLINK(\"http://x\")", trainees[0].GetProperty("organisation").GetString());
        Assert.Equal("Dominique", trainees[1].GetProperty("firstName").GetString());
        Assert.Equal(80_000, stored.GetInt64("TotalCents"));
        Assert.Contains("compta@ccas-lyon.example.org", stored.GetString("Payer"));
        Assert.Equal(locksBefore - 1, await _tables.CountAsync("Enrolments", host.Course.SessionId, "trainee|"));
        var timeline = await _tables.PartitionAsync("Enrolments", host.Course.SessionId, $"event|{id}|");
        var erased = Assert.Single(timeline, e => e.GetString("Kind") == "PersonErased");
        Assert.Equal("Alex Moreau", erased.GetString("ActorName"));

        // Found no more: a second erasure changes nothing.
        var again = await PostFormAsync(staff, "/api/equipe/personnes", ("email", prefix + "camille.martin@example.org"));
        Assert.Contains("Aucune inscription ni demande intra", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_person_enrolled_in_a_session_to_come_is_not_erased_and_the_page_says_to_cancel_first()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var prefix = Guid.NewGuid().ToString("N")[..8] + ".";
        var (id, _) = await host.EnrolByInvoiceAsync(emailPrefix: prefix);
        var staff = await host.Api.SignInAsync();

        var response = await PostFormAsync(staff, "/api/equipe/personnes/effacer", ("email", prefix + "camille.martin@example.org"), ("confirm", "oui"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("0 dossier effacé", html);
        Assert.Contains($"/api/equipe/inscriptions/{id}", html);
        Assert.Contains("Camille", (await _tables.EnrolmentAsync(id)).GetString("Trainees"));
    }

    [Theory]
    [InlineData("", "confirm", "oui")]
    [InlineData("pas-une-adresse", "confirm", "oui")]
    [InlineData("a@example.org", "confirm", "non")]
    public async Task An_erasure_without_a_valid_address_or_the_confirmation_is_refused_with_a_french_message_per_field(string email, string key, string value)
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var staff = await host.Api.SignInAsync();

        var response = await staff.PostAsJsonAsync("/api/equipe/personnes/effacer", new Dictionary<string, string> { ["email"] = email, [key] = value });

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task The_personal_data_routes_refuse_anyone_not_signed_in_as_staff()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var trainer = await host.Api.SignInAsync("Formatrice", "trainer");

        await ProblemAssert.IsProblemAsync(await host.Client.PostAsJsonAsync("/api/equipe/personnes/export", new { email = "a@example.org" }), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await trainer.PostAsJsonAsync("/api/equipe/personnes/effacer", new { email = "a@example.org", confirm = "oui" }), HttpStatusCode.Forbidden);
        Assert.DoesNotContain(await AuditRowsAsync(host), r => r.GetString("StaffName") == "Formatrice");
    }

    private async Task<List<TableEntity>> AuditRowsAsync(EmailTestHost host)
    {
        var month = host.Api.Clock.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return await _tables.PartitionAsync("StaffAudit", month);
    }
}
