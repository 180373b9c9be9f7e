using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Tests.Hosting;

namespace Monalisa.Functions.Tests.Payments;

/// <summary>Stripe.net talks to a local stub of the Stripe API that records what it receives.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StripeCheckoutTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 12);
    private StripeStub _stripe = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStub.StartAsync();
        _api = await TestApi.StartAsync(storage, _course.Catalogue, _stripe.AppSettings(
            ("Stripe:TimeoutSeconds", "1"),
            ("Site:BaseUrl", "https://formation.example.org")));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private async Task<HttpResponseMessage> EnrolByCardAsync(int professionals, int volunteers) =>
        await _api.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(_course.SessionId).Professionals(professionals).Volunteers(volunteers).Card().ToJsonContent());

    private async Task<int> SeatsLeftAsync()
    {
        var sessions = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        return sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId).GetProperty("seatsLeft").GetInt32();
    }

    [Fact]
    public async Task A_card_enrolment_opens_a_checkout_session_priced_by_the_engine_in_cents()
    {
        var response = await EnrolByCardAsync(2, 1);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("https://checkout.stripe.test/c/pay/cs_test_", created.GetProperty("checkoutUrl").GetString());

        var call = Assert.Single(_stripe.Requests, r => r.Path == "/v1/checkout/sessions");
        var form = call.Form;
        Assert.Equal("payment", form["mode"]);
        Assert.Equal("eur", form["currency"]);
        Assert.Equal("fr", form["locale"]);
        Assert.Equal("compta@ccas-lyon.example.org", form["customer_email"]);
        Assert.Equal(id, form["client_reference_id"]);
        Assert.Equal(id, form["metadata[enrolmentId]"]);
        Assert.Equal(_course.SessionId, form["metadata[sessionId]"]);
        Assert.Equal("50000", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("2", form["line_items[0][quantity]"]);
        Assert.Equal("30000", form["line_items[1][price_data][unit_amount]"]);
        Assert.Equal("1", form["line_items[1][quantity]"]);
        Assert.Contains("Animer une stratégie de coopération MONALISA", form["line_items[0][price_data][product_data][name]"]);
        Assert.Contains("Lyon", form["line_items[0][price_data][product_data][description]"]);
        Assert.Contains("du 16 au 17 mars 2027", form["line_items[0][price_data][product_data][description]"]); // the site's way of writing a range
        // Stripe's 30 minutes plus a 5-minute margin; the places are held 10 minutes longer.
        Assert.Equal((TestApi.DefaultNow + TimeSpan.FromMinutes(35)).ToUnixTimeSeconds().ToString(), form["expires_at"]);
        Assert.StartsWith("https://formation.example.org/inscription/confirmee/?id=", form["success_url"]);
        Assert.EndsWith("&session_id={CHECKOUT_SESSION_ID}", form["success_url"]);
        Assert.StartsWith("https://formation.example.org/inscription/annulee/?id=", form["cancel_url"]);
        Assert.Equal("checkout-" + id, call.Headers["Idempotency-Key"]);
        Assert.Equal("Bearer sk_test_stub", call.Headers["Authorization"]);
        Assert.DoesNotContain(form.Keys, k => k.Contains("amount_total"));
    }

    [Fact]
    public async Task A_trainee_who_left_the_payment_page_can_resume_it_while_the_hold_lasts()
    {
        var created = await (await EnrolByCardAsync(1, 0)).Content.ReadFromJsonAsync<JsonElement>();
        var statusUrl = created.GetProperty("statusUrl").GetString()!;

        var pending = await _api.Client.GetFromJsonAsync<JsonElement>(statusUrl);
        Assert.Equal(created.GetProperty("checkoutUrl").GetString(), pending.GetProperty("checkoutUrl").GetString());

        _api.Clock.Advance(TimeSpan.FromMinutes(36));
        var late = await _api.Client.GetFromJsonAsync<JsonElement>(statusUrl);
        Assert.Equal(JsonValueKind.Null, late.GetProperty("checkoutUrl").ValueKind);
    }

    [Fact]
    public async Task Stripe_failing_gives_a_503_problem_and_the_places_back()
    {
        _stripe.FailNext(HttpStatusCode.InternalServerError, times: 3);
        var response = await EnrolByCardAsync(2, 0);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("Aucune place n'a été retenue", detail);
        Assert.Equal(12, await SeatsLeftAsync());
        // Stripe.net retried with the same idempotency key: never two sessions for one enrolment.
        var keys = _stripe.Requests.Where(r => r.Path == "/v1/checkout/sessions").Select(r => r.Headers["Idempotency-Key"]).ToList();
        Assert.Equal(3, keys.Count);
        Assert.Single(keys.Distinct());
    }

    [Fact]
    public async Task Stripe_stalling_past_the_timeout_gives_a_503_and_the_places_back()
    {
        for (var i = 0; i < 3; i++) _stripe.StallNext(TimeSpan.FromSeconds(5));
        var response = await EnrolByCardAsync(1, 0);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(12, await SeatsLeftAsync());
    }

    [Fact]
    public async Task After_a_stripe_failure_the_same_form_can_be_sent_again_with_the_same_key()
    {
        _stripe.FailNext(HttpStatusCode.InternalServerError, times: 3);
        var body = new EnrolmentBody(_course.SessionId).Professionals(1).Card();
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = body.ToJsonContent() };
            request.Headers.Add("Idempotency-Key", "cle-apres-panne");
            return await _api.Client.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync()).StatusCode);
        Assert.Equal(11, await SeatsLeftAsync());
    }

    [Fact]
    public void Without_a_stripe_key_outside_the_local_host_the_app_refuses_to_start()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = storage.ConnectionString })
            .Build();
        var message = StartupFailure.MessageOf(configuration);
        Assert.Contains("Stripe:SecretKey", message);
    }
}
