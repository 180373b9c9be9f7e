using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Payments;
using Monalisa.Functions.Outbox;
using Monalisa.Domain.Enrolment;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Payments;

/// <summary>Webhooks signed with the real algorithm, applied against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StripeWebhookTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Secret = StripeStub.WebhookSecret;
    private readonly TestCourse _course = new(capacity: 3);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private readonly LogCapture _logs = new();
    private StripeStub _stripe = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStub.StartAsync();
        _api = await TestApi.StartAsync(storage, _course.Catalogue, _stripe.AppSettings(), s => s.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private async Task<EnrolmentRecord> EnrolByCardAsync(int trainees = 2)
    {
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(trainees).Card().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return await EnrolmentAsync(id);
    }

    private async Task<EnrolmentRecord> EnrolmentAsync(string id) =>
        (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    private async Task<HttpResponseMessage> DeliverAsync(string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await _api.Client.SendAsync(request);
    }

    // Stripe.net checks signature timestamps against the real clock, not the app's fake one.
    private Task<HttpResponseMessage> DeliverAsync(string payload) => DeliverAsync(payload, StripeEvents.Sign(payload, Secret, DateTimeOffset.UtcNow));

    private string Event(EnrolmentRecord enrolment, string type, string? id = null, string paymentStatus = "paid", long? amount = null, string currency = "eur") =>
        StripeEvents.CheckoutEvent(id ?? "evt_" + Guid.NewGuid().ToString("N"), type, enrolment, _api.Clock.GetUtcNow(), paymentStatus, amount, currency);

    private async Task<int> OutboxCountAsync(string kind) =>
        (await _tables.PartitionAsync("Enrolments", _course.SessionId, "outbox|")).Count(o => o.GetString("Kind") == kind);

    [Fact]
    public async Task A_valid_completed_event_confirms_the_enrolment_with_its_payment()
    {
        var enrolment = await EnrolByCardAsync();
        var response = await DeliverAsync(Event(enrolment, "checkout.session.completed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(Domain.Enrolment.EnrolmentState.Confirmed, after.State);
        Assert.Equal(100000, after.PaidAmountCents);
        Assert.StartsWith("pi_offline_", after.PaymentReference);
        Assert.Equal(2, after.Seats.Count);
        Assert.Equal(1, await OutboxCountAsync("inscription-confirmee"));
        Assert.Equal(2, await OutboxCountAsync("convocation"));
    }

    [Fact]
    public async Task A_tampered_body_is_refused_with_400_and_changes_nothing()
    {
        var enrolment = await EnrolByCardAsync();
        var payload = Event(enrolment, "checkout.session.completed");
        var signature = StripeEvents.Sign(payload, Secret, DateTimeOffset.UtcNow);
        var response = await DeliverAsync(payload.Replace("100000", "1"), signature);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
    }

    [Fact]
    public async Task An_event_signed_with_another_secret_is_refused()
    {
        var enrolment = await EnrolByCardAsync();
        var payload = Event(enrolment, "checkout.session.completed");
        var response = await DeliverAsync(payload, StripeEvents.Sign(payload, "whsec_someone_else", DateTimeOffset.UtcNow));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
    }

    [Fact]
    public async Task An_event_signed_ten_minutes_ago_is_refused()
    {
        var enrolment = await EnrolByCardAsync();
        var payload = Event(enrolment, "checkout.session.completed");
        var response = await DeliverAsync(payload, StripeEvents.Sign(payload, Secret, DateTimeOffset.UtcNow.AddMinutes(-10)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
    }

    [Fact]
    public async Task A_missing_signature_is_refused_with_a_problem_and_changes_nothing()
    {
        var enrolment = await EnrolByCardAsync();
        var before = await PartitionVersionsAsync();

        var errors = await ProblemAssert.IsProblemAsync(await DeliverAsync(Event(enrolment, "checkout.session.completed"), null), HttpStatusCode.BadRequest);

        var error = Assert.Single(errors);
        Assert.Equal("Stripe-Signature", error.Key);
        Assert.Equal(["Signature Stripe absente, invalide ou trop ancienne."], error.Value);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "stripe|"));
        Assert.Equal(before, await PartitionVersionsAsync());
    }

    /// <summary>Every row of the session's partition with its ETag: any write, or any new row, changes it.</summary>
    private async Task<List<string>> PartitionVersionsAsync() =>
        [.. (await _tables.PartitionAsync("Enrolments", _course.SessionId)).Select(e => $"{e.RowKey} {e.ETag}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_same_event_delivered_five_times_in_parallel_confirms_once()
    {
        var enrolment = await EnrolByCardAsync();
        var payload = Event(enrolment, "checkout.session.completed", id: "evt_repeated");
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => DeliverAsync(payload)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(Domain.Enrolment.EnrolmentState.Confirmed, (await EnrolmentAsync(enrolment.Id)).State);
        Assert.Equal(1, await OutboxCountAsync("inscription-confirmee"));
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "stripe|"));
    }

    [Fact]
    public async Task Completed_then_expired_stays_confirmed()
    {
        var enrolment = await EnrolByCardAsync();
        await DeliverAsync(Event(enrolment, "checkout.session.completed"));
        await DeliverAsync(Event(enrolment, "checkout.session.expired"));

        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(Domain.Enrolment.EnrolmentState.Confirmed, after.State);
        Assert.Equal(2, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(0, await OutboxCountAsync("paiement-echoue"));
    }

    [Fact]
    public async Task Expired_then_completed_is_confirmed_when_the_places_are_still_free()
    {
        var enrolment = await EnrolByCardAsync();
        await DeliverAsync(Event(enrolment, "checkout.session.expired"));
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));

        await DeliverAsync(Event(enrolment, "checkout.session.completed"));
        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(Domain.Enrolment.EnrolmentState.Confirmed, after.State);
        Assert.Equal(2, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(1, await OutboxCountAsync("inscription-confirmee"));
    }

    [Fact]
    public async Task A_paid_amount_that_differs_from_the_quote_is_flagged_for_staff_and_not_confirmed()
    {
        var enrolment = await EnrolByCardAsync();
        await DeliverAsync(Event(enrolment, "checkout.session.completed", amount: 50000));

        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, after.State);
        Assert.Contains("différent du devis", after.StaffAttention);
        Assert.Equal(1, await OutboxCountAsync("staff-montant-incoherent"));
        Assert.Equal(0, await OutboxCountAsync("inscription-confirmee"));
    }

    [Fact]
    public async Task A_payment_in_another_currency_is_not_confirmed()
    {
        var enrolment = await EnrolByCardAsync();
        await DeliverAsync(Event(enrolment, "checkout.session.completed", currency: "usd"));
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
    }

    [Fact]
    public async Task An_unpaid_completion_waits_for_the_asynchronous_events()
    {
        var enrolment = await EnrolByCardAsync();
        await DeliverAsync(Event(enrolment, "checkout.session.completed", paymentStatus: "unpaid"));
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);

        await DeliverAsync(Event(enrolment, "checkout.session.async_payment_succeeded"));
        Assert.Equal(Domain.Enrolment.EnrolmentState.Confirmed, (await EnrolmentAsync(enrolment.Id)).State);
    }

    [Fact]
    public async Task A_failed_asynchronous_payment_gives_the_places_back_and_tells_the_payer_and_staff()
    {
        var enrolment = await EnrolByCardAsync();
        await DeliverAsync(Event(enrolment, "checkout.session.async_payment_failed"));

        Assert.Equal(Domain.Enrolment.EnrolmentState.PaymentFailed, (await EnrolmentAsync(enrolment.Id)).State);
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(1, await OutboxCountAsync("paiement-echoue"));
        Assert.Equal(1, await OutboxCountAsync("staff-paiement-echoue"));
    }

    [Fact]
    public async Task A_payment_after_the_places_went_to_someone_else_is_kept_then_refunded_once()
    {
        var late = await EnrolByCardAsync(trainees: 2);
        _api.Clock.Advance(TimeSpan.FromMinutes(46));
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        var other = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(3).Invoice().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);

        await DeliverAsync(Event(late, "checkout.session.completed"));
        var paid = await EnrolmentAsync(late.Id);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PaidNoSeat, paid.State);
        Assert.Equal(100000, paid.PaidAmountCents);
        Assert.Equal(1, await OutboxCountAsync("staff-paye-sans-place"));
        Assert.Equal(3, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));

        // Staff have 48 hours to find a place; then the money goes back, once, with an idempotency key.
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);
        Assert.DoesNotContain(_stripe.Requests, r => r.Path == "/v1/refunds");
        _api.Clock.Advance(TimeSpan.FromHours(49));
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        var refund = Assert.Single(_stripe.Requests, r => r.Path == "/v1/refunds");
        Assert.Equal(paid.PaymentReference, refund.Form["payment_intent"]);
        Assert.Equal("refund-" + late.Id, refund.Headers["Idempotency-Key"]);
        Assert.Equal(Domain.Enrolment.EnrolmentState.Refunded, (await EnrolmentAsync(late.Id)).State);
    }

    [Fact]
    public async Task An_event_about_an_unknown_enrolment_is_acknowledged_and_ignored()
    {
        var real = await EnrolByCardAsync();
        var ghost = real with { Id = _course.SessionId + "_aaaaaaaaaaaaaaaa" };
        var before = await PartitionVersionsAsync();

        var response = await DeliverAsync(Event(ghost, "checkout.session.completed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(real.Id)).State);
        Assert.Equal(before, await PartitionVersionsAsync());
    }

    [Fact]
    public async Task A_signed_body_that_is_not_json_is_refused_with_a_french_problem()
    {
        var response = await DeliverAsync("{ ceci n'est pas du JSON");

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["Le corps de l'événement Stripe n'est pas un JSON valide."], errors["body"]);
    }

    [Fact]
    public async Task An_event_in_another_api_version_is_refused_and_the_log_names_that_version()
    {
        var enrolment = await EnrolByCardAsync();
        var payload = Event(enrolment, "checkout.session.completed").Replace(Stripe.StripeConfiguration.ApiVersion, "2020-08-27");

        var errors = await ProblemAssert.IsProblemAsync(await DeliverAsync(payload), HttpStatusCode.BadRequest);

        Assert.False(errors.ContainsKey("Stripe-Signature"));
        Assert.Contains(_logs.Lines, l => l.Contains("2020-08-27", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("signature", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
    }

    [Fact]
    public async Task A_live_event_on_a_test_key_is_acknowledged_and_changes_nothing()
    {
        var enrolment = await EnrolByCardAsync();
        var payload = Event(enrolment, "checkout.session.completed").Replace("\"livemode\":false", "\"livemode\":true");

        var response = await DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await EnrolmentAsync(enrolment.Id)).State);
        Assert.Equal(0, await OutboxCountAsync("inscription-confirmee"));
        Assert.Contains(_logs.Lines, l => l.Contains("livemode", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(enrolment.Payer.Email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_test_event_on_a_live_key_is_acknowledged_and_changes_nothing()
    {
        await using var live = await TestApi.StartAsync(storage, _course.Catalogue, _stripe.AppSettings(("Stripe:SecretKey", "rk_live_stub")));
        var created = await live.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).Card().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var enrolment = (await live.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;
        var payload = StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", enrolment, live.Clock.GetUtcNow());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, Secret, DateTimeOffset.UtcNow));
        var response = await live.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, (await live.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_foreign_checkout_carrying_our_reference_confirms_nothing_and_alerts_staff()
    {
        var enrolment = await EnrolByCardAsync();
        Assert.NotNull(enrolment.CheckoutSessionId);

        await DeliverAsync(Event(enrolment with { CheckoutSessionId = "cs_test_someone_elses" }, "checkout.session.completed"));
        await DeliverAsync(Event(enrolment with { CheckoutSessionId = "cs_test_someone_elses" }, "checkout.session.expired"));

        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, after.State);
        Assert.Equal(enrolment.CheckoutSessionId, after.CheckoutSessionId);
        Assert.Null(after.PaidAmountCents);
        Assert.NotNull(after.StaffAttention);
        Assert.Equal(2, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(0, await OutboxCountAsync("inscription-confirmee"));
        Assert.Equal(1, await OutboxCountAsync("staff-montant-incoherent"));
    }

    [Fact]
    public async Task A_payment_link_carrying_our_client_reference_id_confirms_nothing_and_alerts_staff()
    {
        var enrolment = await EnrolByCardAsync();
        // A Payment Link's checkout has its own id and no metadata of ours, only the client_reference_id.
        var payload = Event(enrolment with { CheckoutSessionId = "cs_live_from_payment_link" }, "checkout.session.completed")
            .Replace("\"metadata\":{", "\"payment_link\":\"plink_1\",\"metadata\":{\"x\":\"y\"},\"ignored\":{");

        var response = await DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(Domain.Enrolment.EnrolmentState.PendingPayment, after.State);
        Assert.NotNull(after.StaffAttention);
        Assert.Equal(0, await OutboxCountAsync("inscription-confirmee"));
        Assert.Equal(1, await OutboxCountAsync("staff-montant-incoherent"));
    }

    [Fact]
    public async Task A_chunked_body_over_the_cap_is_refused_with_413_before_it_is_all_sent()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(_api.BaseAddress.Host, _api.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"POST /api/stripe/webhook HTTP/1.1\r\nHost: {_api.BaseAddress.Authority}\r\nContent-Type: application/json\r\nStripe-Signature: t=1,v1=00\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // 4 MB in 64 KB chunks, and never the last chunk: a server that reads to the end waits for ever.
        var chunk = Encoding.ASCII.GetBytes($"10000\r\n{new string('a', 0x10000)}\r\n");
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            try { for (var i = 0; i < 64; i++) await stream.WriteAsync(chunk, stop.Token); }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        });

        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read);
        await stop.CancelAsync();

        Assert.StartsWith("HTTP/1.1 413", statusLine);
    }
}
