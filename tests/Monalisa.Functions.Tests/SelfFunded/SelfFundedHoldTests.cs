using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Functions.Enrolment;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.SelfFunded;

/// <summary>Self-funded places whose card is never saved, and the overdue instalment's payment link, against the Stripe stub.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfFundedHoldTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 3);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private StripeStub _stripe = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStub.StartAsync();
        _api = await TestApi.StartAsync(storage, _course.Catalogue, _stripe.AppSettings());
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private async Task<EnrolmentRecord> EnrolAsync(bool saveCard)
    {
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Volunteers(1).SelfFunded(_course.ContractSha256).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var enrolment = await EnrolmentAsync(id);
        if (saveCard)
            await DeliverAsync(StripeEvents.SetupCompletedEvent("evt_" + Guid.NewGuid().ToString("N"), id, _course.SessionId, enrolment.CheckoutSessionId!, "seti_test_1", enrolment.StripeCustomerId, _api.Clock.GetUtcNow()));
        return await EnrolmentAsync(id);
    }

    private async Task<EnrolmentRecord> EnrolmentAsync(string id) =>
        (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    /// <summary>The token of the enrolment's emailed links, as the app derives it (only its seed is stored).</summary>
    private string ActionToken(EnrolmentRecord enrolment) => _api.Services.GetRequiredService<ActionTokens>().For(enrolment);

    private async Task<HttpResponseMessage> DeliverAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        return await _api.Client.SendAsync(request);
    }

    /// <summary>checkout.session.expired for the setup-mode Checkout of a self-funded enrolment.</summary>
    private static string SetupExpired(EnrolmentRecord enrolment, DateTimeOffset at)
    {
        var completed = JsonNodeOf(StripeEvents.SetupCompletedEvent("evt_" + Guid.NewGuid().ToString("N"), enrolment.Id, enrolment.SessionId, enrolment.CheckoutSessionId!, "seti_x", enrolment.StripeCustomerId, at));
        completed["type"] = "checkout.session.expired";
        var session = completed["data"]!["object"]!;
        session["status"] = "expired";
        session["setup_intent"] = null;
        return completed.ToJsonString();
    }

    private static System.Text.Json.Nodes.JsonNode JsonNodeOf(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;

    private Task<int> SeatsAsync() => _tables.CountAsync("Enrolments", _course.SessionId, "seat|");

    private async Task<int> OutboxCountAsync(string kind) =>
        (await _tables.PartitionAsync("Enrolments", _course.SessionId, "outbox|")).Count(o => o.GetString("Kind") == kind);

    [Fact]
    public async Task The_setup_checkout_expiring_releases_the_place_of_a_card_never_saved()
    {
        var enrolment = await EnrolAsync(saveCard: false);
        Assert.Equal(1, await SeatsAsync());

        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(SetupExpired(enrolment, _api.Clock.GetUtcNow()))).StatusCode);

        Assert.Equal(EnrolmentState.Expired, (await EnrolmentAsync(enrolment.Id)).State);
        Assert.Equal(0, await SeatsAsync());
        Assert.Equal(1, await OutboxCountAsync("paiement-echoue"));
        Assert.Equal(1, await OutboxCountAsync("staff-reservation-expiree"));
    }

    [Fact]
    public async Task A_self_funded_place_without_a_saved_card_is_released_after_an_hour_and_one_with_a_card_is_kept()
    {
        var unsaved = await EnrolAsync(saveCard: false);
        var saved = await EnrolAsync(saveCard: true);
        // The setup Checkout closes before the hold does.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(_stripe.To("/v1/checkout/sessions").First(r => r.Form["client_reference_id"] == unsaved.Id).Form["expires_at"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(expiresAt <= unsaved.ContractAcceptedAt!.Value + TimeSpan.FromMinutes(50));

        _api.Clock.Advance(TimeSpan.FromMinutes(59));
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        Assert.Equal(EnrolmentState.ContractSigned, (await EnrolmentAsync(unsaved.Id)).State);

        _api.Clock.Advance(TimeSpan.FromMinutes(2));
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        Assert.Equal(EnrolmentState.Expired, (await EnrolmentAsync(unsaved.Id)).State);
        Assert.Equal(EnrolmentState.ContractSigned, (await EnrolmentAsync(saved.Id)).State);
        Assert.Equal(1, await SeatsAsync());
    }

    [Fact]
    public async Task The_instalment_link_opens_no_checkout_on_get_and_one_checkout_for_repeated_posts()
    {
        var enrolment = await EnrolAsync(saveCard: true);
        _stripe.DeclineNextPaymentOf[enrolment.Id] = "card_declined";
        _api.Clock.SetUtcNow(TestApi.DefaultNow.AddDays(11));
        await _api.Client.PostAsync("/_dev/timers/ChargeInstalments", null);
        var token = Uri.EscapeDataString(ActionToken(await EnrolmentAsync(enrolment.Id)));
        int Recoveries() => _stripe.To("/v1/checkout/sessions").Count(r => r.Form.GetValueOrDefault("metadata[instalment]") == "1" && r.Form["client_reference_id"] == enrolment.Id);

        // Mail scanners and previews GET the link: a page with a button, no Checkout.
        for (var i = 0; i < 3; i++)
        {
            var page = await _api.Client.GetAsync($"/api/enrolments/{enrolment.Id}/instalment?token={token}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("method=\"post\"", await page.Content.ReadAsStringAsync());
        }
        Assert.Equal(0, Recoveries());

        // The trainee clicks twice (and once more later): one Checkout, reused while open.
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = ActionToken(await EnrolmentAsync(enrolment.Id)) });
        var first = await _api.Client.PostAsync($"/api/enrolments/{enrolment.Id}/instalment", form);
        var second = await _api.Client.PostAsync($"/api/enrolments/{enrolment.Id}/instalment", form);
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, Recoveries());
        var stored = (await EnrolmentAsync(enrolment.Id)).Instalment(1)!;
        Assert.Equal(first.Headers.Location!.ToString(), stored.RecoveryCheckoutUrl);
        Assert.Equal($"instalment-checkout-{enrolment.Id}-1-1", _stripe.To("/v1/checkout/sessions").Last().Headers["Idempotency-Key"]);

        // Once Stripe closed it, the next click opens a new attempt with its own key.
        _stripe.CheckoutStatus[stored.RecoveryCheckoutId!] = "expired";
        var third = await _api.Client.PostAsync($"/api/enrolments/{enrolment.Id}/instalment", form);
        Assert.NotEqual(first.Headers.Location, third.Headers.Location);
        Assert.Equal($"instalment-checkout-{enrolment.Id}-1-2", _stripe.To("/v1/checkout/sessions").Last().Headers["Idempotency-Key"]);
    }

    [Fact]
    public async Task A_second_payment_of_a_paid_instalment_is_refunded_once_and_flagged_for_staff()
    {
        var enrolment = await EnrolAsync(saveCard: true);
        _api.Clock.SetUtcNow(TestApi.DefaultNow.AddDays(11));
        await _api.Client.PostAsync("/_dev/timers/ChargeInstalments", null);
        var paid = (await EnrolmentAsync(enrolment.Id)).Instalment(1)!;
        Assert.True(paid.Paid);

        // The same instalment paid again through another payment, reported three times.
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(StripeEvents.InstalmentIntentEvent("evt_" + Guid.NewGuid().ToString("N"), "payment_intent.succeeded",
                enrolment.Id, 1, "pi_second_payment", paid.AmountCents, _api.Clock.GetUtcNow()))).StatusCode);
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(paid.AmountCents, after.PaidAmountCents);
        Assert.Equal(paid.PaymentIntentId, after.Instalment(1)!.PaymentIntentId);
        var refunds = _stripe.To("/v1/refunds").Where(r => r.Form["payment_intent"] == "pi_second_payment").ToList();
        Assert.Single(refunds);
        Assert.Equal("refund-pi_second_payment", refunds[0].Headers["Idempotency-Key"]);
        Assert.DoesNotContain(_stripe.To("/v1/refunds"), r => r.Form["payment_intent"] == paid.PaymentIntentId);
        Assert.Equal(1, await OutboxCountAsync("staff-remboursement-automatique"));
    }
}
