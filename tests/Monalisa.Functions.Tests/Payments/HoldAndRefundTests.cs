using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Payments;

/// <summary>Card holds against their Checkout, staff cancellations, and refunds that happen once: Stripe stub and Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HoldAndRefundTests(AzuriteFixture storage) : IAsyncLifetime
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

    private async Task<HttpResponseMessage> EnrolByCardAsync(int trainees = 1) =>
        await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(trainees).Card().ToJsonContent());

    private async Task<EnrolmentRecord> EnrolledByCardAsync(int trainees = 1)
    {
        var response = await EnrolByCardAsync(trainees);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await EnrolmentAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private async Task<EnrolmentRecord> EnrolmentAsync(string id) =>
        (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    private async Task<HttpResponseMessage> DeliverAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        return await _api.Client.SendAsync(request);
    }

    private string Paid(EnrolmentRecord enrolment) =>
        StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", enrolment, _api.Clock.GetUtcNow());

    private async Task<HttpResponseMessage> StaffPostAsync(string path) =>
        await (await _api.SignInAsync()).PostAsync(path, null);

    private async Task<int> OutboxCountAsync(string kind) =>
        (await _tables.PartitionAsync("Enrolments", _course.SessionId, "outbox|")).Count(o => o.GetString("Kind") == kind);

    [Fact]
    public async Task Checkout_creation_succeeds_when_stripe_reads_the_request_twenty_seconds_after_the_hold_began()
    {
        // Stripe refuses expires_at under 30 minutes after its own now: a request it reads 20 s late must still pass.
        _stripe.Clock = () => _api.Clock.GetUtcNow() + TimeSpan.FromSeconds(20);

        var response = await EnrolByCardAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_place_hold_outlives_the_checkout_by_a_margin()
    {
        var enrolment = await EnrolledByCardAsync();

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(_stripe.To("/v1/checkout/sessions").Last().Form["expires_at"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(expiresAt - _api.Clock.GetUtcNow() >= TimeSpan.FromMinutes(35), "a margin over Stripe's 30 minutes");
        Assert.True(enrolment.HoldExpiresAt - expiresAt >= TimeSpan.FromMinutes(10), "the hold ends after the Checkout");

        // Stripe can still take the payment in the Checkout's last minute: the places are still held then.
        _api.Clock.SetUtcNow(expiresAt.AddSeconds(-30));
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        Assert.Equal(EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
    }

    [Fact]
    public async Task A_staff_cancellation_expires_the_open_checkout()
    {
        var enrolment = await EnrolledByCardAsync();

        Assert.Equal(HttpStatusCode.OK, (await StaffPostAsync($"/api/staff/enrolments/{enrolment.Id}/cancel")).StatusCode);

        Assert.Single(_stripe.Requests, r => r.Method == "POST" && r.Path == $"/v1/checkout/sessions/{enrolment.CheckoutSessionId}/expire");
        Assert.Equal("expired", _stripe.CheckoutStatus[enrolment.CheckoutSessionId!]);
    }

    [Fact]
    public async Task A_payment_after_a_staff_cancellation_is_refunded_once_and_flagged_never_confirmed()
    {
        var enrolment = await EnrolledByCardAsync();
        await StaffPostAsync($"/api/staff/enrolments/{enrolment.Id}/cancel");

        // The payment landed before the expiry; Stripe delivers it twice, under two event ids.
        await DeliverAsync(Paid(enrolment));
        await DeliverAsync(Paid(enrolment));
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(EnrolmentState.Cancelled, after.State);
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        var refunds = _stripe.To("/v1/refunds").Where(r => r.Form["metadata[enrolmentId]"] == enrolment.Id).ToList();
        Assert.NotEmpty(refunds);
        Assert.All(refunds, r => Assert.Equal("refund-" + refunds[0].Form["payment_intent"], r.Headers["Idempotency-Key"]));
        Assert.Single(refunds.Select(r => r.Form["payment_intent"]).Distinct());
        Assert.Equal(1, await OutboxCountAsync("staff-remboursement-automatique"));
        Assert.Equal(0, await OutboxCountAsync("inscription-confirmee"));
        Assert.Equal("Done", Assert.Single(await _tables.PartitionAsync("Enrolments", _course.SessionId, "refund|")).GetString("Status"));
    }

    [Fact]
    public async Task A_staff_confirmation_during_a_refund_is_refused_and_the_enrolment_ends_refunded_without_a_place()
    {
        var late = await EnrolledByCardAsync();
        _api.Clock.Advance(TimeSpan.FromHours(1));
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        var other = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(3).Invoice().ToJsonContent());
        var otherId = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await DeliverAsync(Paid(late));
        Assert.Equal(EnrolmentState.PaidNoSeat, (await EnrolmentAsync(late.Id)).State);
        // Places free up, so a staff confirmation could take one.
        await StaffPostAsync($"/api/staff/enrolments/{otherId}/cancel");
        _api.Clock.Advance(TimeSpan.FromHours(49));

        // While Stripe is processing the refund, staff confirm the enrolment.
        HttpStatusCode? staffAnswer = null;
        _stripe.Script.Enqueue(async context =>
        {
            staffAnswer = (await StaffPostAsync($"/api/staff/enrolments/{late.Id}/confirm")).StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"id":"re_test_race","object":"refund","amount":0,"currency":"eur","status":"succeeded","payment_intent":"{{late.Id}}","created":1700000000}""");
        });
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        Assert.Equal(HttpStatusCode.Conflict, staffAnswer);
        var after = await EnrolmentAsync(late.Id);
        Assert.Equal(EnrolmentState.Refunded, after.State);
        Assert.Empty(after.Seats);
    }
}
