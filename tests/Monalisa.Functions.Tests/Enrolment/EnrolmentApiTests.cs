using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Enrolment;

[Collection(AzuriteCollection.Name)]
public sealed class EnrolmentApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 12);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, _course.Catalogue);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(EnrolmentBody body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = body.ToJsonContent() };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await _api.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private async Task<int> SeatsLeftAsync()
    {
        var sessions = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        return sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId).GetProperty("seatsLeft").GetInt32();
    }

    [Fact]
    public async Task An_invoice_enrolment_holds_its_places_awaiting_payment_with_the_server_price()
    {
        var body = new EnrolmentBody(_course.SessionId).Professionals(2).Volunteers(1).Invoice().Set("total", 1);
        var (response, json) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("awaitingInvoice", json.GetProperty("status").GetString());
        Assert.Equal(1300m, json.GetProperty("total").GetDecimal());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("checkoutUrl").ValueKind);
        Assert.Equal(9, await SeatsLeftAsync());
        Assert.Equal(3, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        // Payer and staff: trainees hear from us once the enrolment is confirmed.
        Assert.Equal(2, await _tables.CountAsync("Enrolments", _course.SessionId, "outbox|"));
    }

    [Fact]
    public async Task The_status_is_readable_with_the_token_and_hidden_without_it()
    {
        var (_, created) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1));
        var statusUrl = created.GetProperty("statusUrl").GetString()!;

        var status = await _api.Client.GetFromJsonAsync<JsonElement>(statusUrl);
        Assert.Equal("awaitingInvoice", status.GetProperty("status").GetString());
        Assert.Equal("Anne", status.GetProperty("trainees")[0].GetProperty("firstName").GetString());
        Assert.DoesNotContain("@", status.ToString());

        var id = created.GetProperty("id").GetString()!;
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync($"/api/enrolments/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync($"/api/enrolments/{id}?token=wrong"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync($"/api/enrolments/{id}x?token=wrong"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync("/api/enrolments/PartitionKey%20eq%20'x'?token=a"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_replay_with_the_same_idempotency_key_returns_the_first_answer_and_creates_nothing()
    {
        var body = new EnrolmentBody(_course.SessionId).Professionals(2);
        var (first, firstJson) = await PostAsync(body, "cle-essai-1");
        var (second, secondJson) = await PostAsync(body, "cle-essai-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstJson.GetProperty("id").GetString(), secondJson.GetProperty("id").GetString());
        Assert.Equal(firstJson.GetProperty("statusUrl").GetString(), secondJson.GetProperty("statusUrl").GetString());
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "enrolment|"));
        Assert.Equal(2, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_gets_422_and_creates_nothing()
    {
        await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1), "cle-essai-2");
        var (response, _) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(3), "cle-essai-2");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "enrolment|"));
    }

    [Fact]
    public async Task Concurrent_replays_of_one_key_create_one_enrolment()
    {
        var body = new EnrolmentBody(_course.SessionId).Professionals(1);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(body, "cle-concurrente")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Response.StatusCode));
        Assert.Single(answers.Select(a => a.Body.GetProperty("id").GetString()).Distinct());
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "enrolment|"));
    }

    [Fact]
    public async Task A_card_hold_expires_after_forty_five_minutes_and_its_places_come_back_once()
    {
        var (response, json) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(2).Card());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("pendingPayment", json.GetProperty("status").GetString());
        Assert.NotNull(json.GetProperty("checkoutUrl").GetString());
        Assert.Equal(10, await SeatsLeftAsync());

        _api.Clock.Advance(TimeSpan.FromMinutes(44));
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        Assert.Equal(10, await SeatsLeftAsync());

        _api.Clock.Advance(TimeSpan.FromMinutes(2)); // the checkout closes at 35 minutes, the hold 10 minutes later
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        Assert.Equal(12, await SeatsLeftAsync());
        var status = await _api.Client.GetFromJsonAsync<JsonElement>(json.GetProperty("statusUrl").GetString());
        Assert.Equal("expired", status.GetProperty("status").GetString());
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "trainee|"));
        // One « paiement échoué / session expirée » email, however often the timer runs.
        var outbox = await _tables.PartitionAsync("Enrolments", _course.SessionId, "outbox|");
        Assert.Single(outbox, o => o.GetString("Kind") == "paiement-echoue");
    }

    [Fact]
    public async Task A_full_session_answers_409_with_the_seats_left_and_accepts_the_waiting_list()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(10))).Response.StatusCode);

        var (tooMany, _) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(3));
        var errors = await ProblemAssert.IsProblemAsync(tooMany, HttpStatusCode.Conflict);
        var problem = JsonDocument.Parse(await tooMany.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, problem.GetProperty("seatsLeft").GetInt32());
        Assert.Contains("2 places", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(2))).Response.StatusCode);
        var (full, _) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1));
        await ProblemAssert.IsProblemAsync(full, HttpStatusCode.Conflict);

        var (waiting, json) = await PostAsync(new EnrolmentBody(_course.SessionId).Professionals(1).WaitingList());
        Assert.Equal(HttpStatusCode.Created, waiting.StatusCode);
        Assert.Equal("waitingList", json.GetProperty("status").GetString());
        Assert.Equal(12, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(3, await _tables.CountAsync("Enrolments", _course.SessionId, "enrolment|"));
    }

    [Fact]
    public async Task One_person_cannot_hold_two_places_in_a_session()
    {
        await PostAsync(new EnrolmentBody(_course.SessionId).Trainee(email: "anne.martin@example.org"));
        var (again, _) = await PostAsync(new EnrolmentBody(_course.SessionId).Trainee().Trainee(email: "Anne.Martin@example.org"));

        // Answered as any request received, so that nobody learns who is enrolled (EnrolmentOracleTests).
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "enrolment|"));
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
    }

    [Fact]
    public async Task The_plain_form_is_answered_with_a_303_to_the_confirmation_page()
    {
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).ToFormContent());
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("http://localhost:7071/inscription/enregistree/?id=" + _course.SessionId, location);
        Assert.Contains("&token=", location);
    }

    [Fact]
    public async Task The_plain_form_with_a_card_goes_to_the_checkout_page()
    {
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).Card().ToFormContent());
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("/_dev/checkout/cs_offline_", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_browser_posting_a_wrong_form_gets_a_french_page_listing_the_errors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments")
        {
            Content = new EnrolmentBody(_course.SessionId).Trainee(email: "pas-une-adresse").Set("consent", false).ToFormContent(),
        };
        request.Headers.Accept.ParseAdd("text/html");
        var response = await _api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Adresse e-mail invalide", html);
        Assert.Contains("Votre accord pour le traitement des données", html);
        Assert.Contains($"/inscription/{_course.SessionId}/", html);
    }

    [Fact]
    public async Task A_self_funded_trainee_must_accept_the_contract_and_is_told_why()
    {
        var (response, _) = await PostAsync(new EnrolmentBody(_course.SessionId).Volunteers(1).Card().Payer("kind", "individual"));
        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("contrat", errors["contractAccepted"][0]);
        Assert.Empty(await _tables.PartitionAsync("Enrolments", _course.SessionId));
    }

    [Fact]
    public async Task A_self_funded_trainee_signs_the_contract_and_saves_a_card_offline_without_paying()
    {
        var (response, created) = await PostAsync(new EnrolmentBody(_course.SessionId).Volunteers(1).SelfFunded(_course.ContractSha256));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("contractSigned", created.GetProperty("status").GetString());
        var setupUrl = created.GetProperty("checkoutUrl").GetString()!;
        Assert.Contains("/_dev/setup/cs_offline_setup_", setupUrl);

        var id = created.GetProperty("id").GetString()!;
        var stored = await _tables.EnrolmentAsync(id);
        Assert.Equal(_course.ContractSha256, stored.GetString("ContractSha256"));
        Assert.Equal(_api.Clock.GetUtcNow(), stored.GetDateTimeOffset("ContractAcceptedAt"));
        Assert.Null(stored.GetDateTimeOffset("HoldExpiresAt"));
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));

        // The offline setup page sends a signed setup webhook: the card is saved, nothing is charged.
        var page = await _api.Client.GetAsync(new Uri(setupUrl).PathAndQuery);
        Assert.Contains("Enregistrer la carte", await page.Content.ReadAsStringAsync());
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(setupUrl).Query)["token"]!;
        var save = await _api.Client.PostAsync(new Uri(setupUrl).AbsolutePath + "/save", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal("pm_offline_card", (await _tables.EnrolmentAsync(id)).GetString("PaymentMethodId"));

        // Day 11 offline: the first instalment « succeeds » (no money exists offline).
        _api.Clock.Advance(TimeSpan.FromDays(11));
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync("/_dev/timers/ChargeInstalments", null)).StatusCode);
        Assert.Equal("PartlyPaid", (await _tables.EnrolmentAsync(id)).GetString("State"));
    }

    [Fact]
    public async Task An_intra_request_is_stored_with_its_quote_of_3000_euros()
    {
        var response = await _api.Client.PostAsJsonAsync("/api/intra-requests", new
        {
            courseSlug = _course.Slug, organisation = "Département du Rhône", contactName = "Claire Dupont", email = "claire@rhone.example.org",
            phone = "04 72 61 00 00", participants = 14, periods = "Printemps 2027", place = "Lyon", message = "Deux jours consécutifs.", consent = true,
            formToken = FormTokens.Valid,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3000m, created.GetProperty("total").GetDecimal());

        var status = await _api.Client.GetFromJsonAsync<JsonElement>(created.GetProperty("statusUrl").GetString());
        Assert.Equal(14, status.GetProperty("participants").GetInt32());
        Assert.Equal(1500m, status.GetProperty("lines")[0].GetProperty("unitPricePerDay").GetDecimal());
    }

    [Fact]
    public async Task An_intra_request_form_is_answered_with_a_303()
    {
        var response = await _api.Client.PostAsync("/api/intra-requests", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["courseSlug"] = _course.Slug, ["organisation"] = "EHPAD Les Tilleuls", ["contactName"] = "Paul Petit",
            ["email"] = "paul@tilleuls.example.org", ["participants"] = "8", ["consent"] = "true", ["formToken"] = FormTokens.Valid,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("http://localhost:7071/demande-intra/recue/?id=", response.Headers.Location!.ToString());
    }
}
