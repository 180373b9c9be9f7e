using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Monalisa.Functions.Tests.Abuse;

/// <summary>
/// The anti-bot check, with the real age limits (3 s to 24 h): a server-issued signed token replaces the browser's own
/// clock, and every refusal says what to do, never a fake « Inscription enregistrée » with nothing stored.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class FormTokenTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 12);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, _course.Catalogue, new Dictionary<string, string?>
    {
        ["Abuse:FormMinimumSeconds"] = "3",
        ["Abuse:FormMaximumHours"] = "24",
    });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private DateTimeOffset Now => _api.Clock.GetUtcNow();

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(EnrolmentBody body)
    {
        var response = await _api.Client.PostAsync("/api/enrolments", body.ToJsonContent());
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private Task<List<Azure.Data.Tables.TableEntity>> StoredAsync() => _tables.PartitionAsync("Enrolments", _course.SessionId);

    [Fact]
    public async Task A_form_without_a_token_or_with_a_made_up_time_is_refused_with_a_french_problem_and_stores_nothing()
    {
        // What a script sent until now: no token, and a « renderedAt » in the future, which the old check trusted.
        var (missing, json) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1)
            .Set("formToken", null).Set("renderedAt", Now.AddHours(1).ToUnixTimeMilliseconds()));
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest);
        Assert.EndsWith("/formulaire-a-renvoyer", json.GetProperty("type").GetString());
        Assert.Equal("missing", json.GetProperty("reason").GetString());

        var forged = FormTokens.IssuedAt(Now.AddMinutes(-5), secret: "un-autre-secret-que-celui-du-serveur-0123456789");
        var (invalid, invalidJson) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1).Set("formToken", forged));
        await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Equal("invalid", invalidJson.GetProperty("reason").GetString());

        var (expired, expiredJson) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1).Set("formToken", FormTokens.IssuedAt(Now.AddHours(-25))));
        await ProblemAssert.IsProblemAsync(expired, HttpStatusCode.BadRequest);
        Assert.Equal("expired", expiredJson.GetProperty("reason").GetString());

        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task A_form_sent_too_fast_is_told_how_long_to_wait_instead_of_being_dropped_and_goes_through_after()
    {
        // Autofill: sent one second after the page got its token (the old check answered 202 and stored nothing).
        var body = new EnrolmentBody(_course.SessionId).Professionals(1)
            .Set("formToken", FormTokens.IssuedAt(Now.AddSeconds(-1))).Set("renderedAt", Now.AddSeconds(-1).ToUnixTimeMilliseconds());
        var (fast, json) = await PostAsync(body);

        await ProblemAssert.IsProblemAsync(fast, (HttpStatusCode)429);
        Assert.EndsWith("/envoi-trop-rapide", json.GetProperty("type").GetString());
        Assert.Equal("Formulaire envoyé trop vite.", json.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(2), fast.Headers.RetryAfter?.Delta);
        Assert.Empty(await StoredAsync());

        // The site's script waits as told and sends the same body again.
        _api.Clock.Advance(TimeSpan.FromSeconds(2));
        var (again, created) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("awaitingInvoice", created.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_token_the_api_hands_out_is_accepted_once_a_few_seconds_old()
    {
        var response = await _api.Client.GetAsync("/api/form-token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain(response.Headers, h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase));
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, issued.GetProperty("minimumSeconds").GetInt32());

        _api.Clock.Advance(TimeSpan.FromSeconds(3));
        var (posted, _) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1).Set("formToken", issued.GetProperty("token").GetString()));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
    }

    [Fact]
    public async Task A_filled_honeypot_gets_a_problem_not_a_fake_success()
    {
        var (response, json) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1).Set("website", "http://spam.example"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("honeypot", json.GetProperty("reason").GetString());
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Without_javascript_the_form_is_offered_again_with_what_was_typed_and_goes_through_on_the_second_send()
    {
        // The plain form: no token (no script), and a browser's autofill put something in the honeypot.
        var body = new EnrolmentBody(_course.SessionId).Trainee(email: "camille.roux@example.org", firstName: "Camille", lastName: "Roux")
            .Set("formToken", null).Set("website", "autofill");
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = body.ToFormContent() };
        first.Headers.Accept.ParseAdd("text/html");
        var page = await _api.Client.SendAsync(first);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        var fields = HiddenFields(html);
        Assert.Equal("Camille", fields["trainees[0].firstName"]);
        Assert.Equal("camille.roux@example.org", fields["trainees[0].email"]);
        Assert.False(fields.ContainsKey("website"));
        Assert.False(string.IsNullOrEmpty(fields["formToken"]));
        Assert.Contains("action=\"/api/enrolments\"", html);
        Assert.Empty(await StoredAsync());

        // The person reads the page and sends it: the token is then a few seconds old.
        _api.Clock.Advance(TimeSpan.FromSeconds(5));
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = new FormUrlEncodedContent(fields) };
        second.Headers.Accept.ParseAdd("text/html");
        var sent = await _api.Client.SendAsync(second);

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Contains("/inscription/enregistree/?id=", sent.Headers.Location!.ToString());
        Assert.Single(await _tables.PartitionAsync("Enrolments", _course.SessionId, "enrolment|"));
    }

    [Fact]
    public async Task An_intra_request_without_a_token_is_refused_too()
    {
        var response = await _api.Client.PostAsJsonAsync("/api/intra-requests", new
        {
            courseSlug = _course.Slug, organisation = "Mairie de Lyon", contactName = "Sacha Bernard", email = "sacha.bernard@example.org",
            participants = 8, consent = true, renderedAt = Now.AddHours(1).ToUnixTimeMilliseconds(),
        });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups["name"].Value), m => System.Net.WebUtility.HtmlDecode(m.Groups["value"].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
