using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Payments;
using Monalisa.Functions.Outbox;
using Monalisa.LocalHost;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Functions.Tests.SelfFunded;

/// <summary>
/// A self-funded trainee against the Stripe stub, with the fake clock: contract signed on 1 December 2026 (day 0),
/// withdrawal until 11 December (day 10), first instalment on 12 December (day 11), balance on 16 March 2027.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfFundedPaymentTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Secret = StripeStub.WebhookSecret;
    private const string PaymentIntents = "/v1/payment_intents";
    private readonly TestCourse _course = new(capacity: 3);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private StripeStub _stripe = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStub.StartAsync();
        _api = await TestApi.StartAsync(storage, _course.Catalogue, _stripe.AppSettings(("Enrolment:InstalmentGraceDays", "7")));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private long Total => _course.Price(0, 1).TotalCents;

    private async Task<(string Id, JsonElement Created)> EnrolAsync(bool saveCard = true)
    {
        var signedOn = _api.Clock.Today();
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Volunteers(1).SelfFunded(_course.ContractSha256On(signedOn)).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        if (saveCard)
        {
            var enrolment = await EnrolmentAsync(id);
            var payload = StripeEvents.SetupCompletedEvent("evt_" + Guid.NewGuid().ToString("N"), id, _course.SessionId, enrolment.CheckoutSessionId!, "seti_test_1", enrolment.StripeCustomerId, _api.Clock.GetUtcNow());
            Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(payload)).StatusCode);
        }
        return (id, created);
    }

    private async Task<EnrolmentRecord> EnrolmentAsync(string id) =>
        (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    /// <summary>The token of the enrolment's emailed links, as the app derives it (only its seed is stored).</summary>
    private string ActionToken(EnrolmentRecord enrolment) => _api.Services.GetRequiredService<ActionTokens>().For(enrolment);

    private async Task<HttpResponseMessage> DeliverAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        // Stripe.net checks signature timestamps against the real clock, not the app's fake one.
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, Secret, DateTimeOffset.UtcNow));
        return await _api.Client.SendAsync(request);
    }

    /// <summary>This enrolment's charges only: tests share one Azurite, and the timer charges whatever is due in it.</summary>
    private IReadOnlyList<StripeStub.Recorded> ChargesFor(string id) =>
        [.. _stripe.To(PaymentIntents).Where(r => r.Form.GetValueOrDefault("metadata[enrolmentId]") == id)];

    private void Day(int day) => _api.Clock.SetUtcNow(TestApi.DefaultNow.AddDays(day));

    private async Task RunTimerAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync("/_dev/timers/ChargeInstalments", null)).StatusCode);

    private async Task<int> OutboxCountAsync(string kind) =>
        (await _tables.PartitionAsync("Enrolments", _course.SessionId, "outbox|")).Count(o => o.GetString("Kind") == kind);

    private Task<int> SeatsAsync() => _tables.CountAsync("Enrolments", _course.SessionId, "seat|");

    [Fact]
    public async Task The_card_is_saved_by_a_setup_checkout_that_takes_no_money()
    {
        var (id, created) = await EnrolAsync();

        var setup = Assert.Single(_stripe.To("/v1/checkout/sessions"));
        Assert.Equal("setup", setup.Form["mode"]);
        Assert.StartsWith("cus_test_", setup.Form["customer"]);
        Assert.Equal(id, setup.Form["metadata[enrolmentId]"]);
        Assert.Equal("setup-" + id, setup.Headers["Idempotency-Key"]);
        Assert.Single(_stripe.To("/v1/customers"));
        Assert.Empty(ChargesFor(id));
        Assert.StartsWith("https://checkout.stripe.test/", created.GetProperty("checkoutUrl").GetString());

        var enrolment = await EnrolmentAsync(id);
        Assert.Equal(EnrolmentState.ContractSigned, enrolment.State);
        Assert.Equal("pm_test_card_visa", enrolment.PaymentMethodId);
        Assert.Null(enrolment.HoldExpiresAt);
        Assert.Equal(1, await SeatsAsync());
        Assert.Equal(1, await OutboxCountAsync("contrat-formation"));
    }

    [Fact]
    public async Task No_payment_intent_exists_before_day_11_then_the_first_is_at_most_30_percent_rounded_down_to_the_cent()
    {
        var (id, _) = await EnrolAsync();
        for (var day = 0; day <= 10; day++)
        {
            Day(day);
            await RunTimerAsync();
        }
        Assert.Empty(ChargesFor(id));
        Assert.Equal(EnrolmentState.ContractSigned, (await EnrolmentAsync(id)).State);

        Day(11);
        await RunTimerAsync();
        var charge = Assert.Single(ChargesFor(id));
        var first = Total * 30 / 100;
        Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), charge.Form["amount"]);
        Assert.True(long.Parse(charge.Form["amount"], System.Globalization.CultureInfo.InvariantCulture) * 100 <= Total * 30);
        Assert.Equal("true", charge.Form["off_session"]);
        Assert.Equal("true", charge.Form["confirm"]);
        Assert.Equal("pm_test_card_visa", charge.Form["payment_method"]);
        Assert.StartsWith("cus_test_", charge.Form["customer"]);
        Assert.Equal($"instalment-{id}-1", charge.Headers["Idempotency-Key"]);

        var enrolment = await EnrolmentAsync(id);
        Assert.Equal(EnrolmentState.PartlyPaid, enrolment.State);
        Assert.Equal(first, enrolment.PaidAmountCents);
        Assert.Equal(1, await OutboxCountAsync("recu-echeance"));
        Assert.Equal(1, await OutboxCountAsync("convocation"));
    }

    [Fact]
    public async Task The_balance_is_charged_on_the_first_day_of_the_session_and_the_instalments_sum_to_the_quote()
    {
        var (id, _) = await EnrolAsync();
        Day(11);
        await RunTimerAsync();
        var session = _course.Course.Sessions[0];
        var dayBefore = session.Start.DayNumber - DateOnly.FromDateTime(TestApi.DefaultNow.Date).DayNumber - 1;
        Day(dayBefore);
        await RunTimerAsync();
        Assert.Single(ChargesFor(id));

        Day(dayBefore + 1);
        await RunTimerAsync();
        var charges = ChargesFor(id);
        Assert.Equal(2, charges.Count);
        Assert.Equal($"instalment-{id}-2", charges[1].Headers["Idempotency-Key"]);
        Assert.Equal(Total, charges.Sum(c => long.Parse(c.Form["amount"], System.Globalization.CultureInfo.InvariantCulture)));

        var enrolment = await EnrolmentAsync(id);
        Assert.Equal(EnrolmentState.Confirmed, enrolment.State);
        Assert.Equal(Total, enrolment.PaidAmountCents);
        Assert.All(enrolment.Instalments, i => Assert.True(i.Paid));
        Assert.Equal(2, await OutboxCountAsync("recu-echeance"));
        Assert.Equal(1, await OutboxCountAsync("convocation"));
    }

    [Fact]
    public async Task The_stored_enrolment_holds_no_token_that_opens_its_withdrawal_link()
    {
        var (id, _) = await EnrolAsync();
        var enrolment = await EnrolmentAsync(id);
        var token = ActionToken(enrolment);
        var row = (await _tables.PartitionAsync("Enrolments", _course.SessionId, "enrolment|")).Single(e => e.RowKey.EndsWith(id, StringComparison.Ordinal));

        // Nothing in the row is the token, and the seed that is stored opens nothing: the key is the server's.
        Assert.DoesNotContain(((IDictionary<string, object>)row).Values, v => v?.ToString()?.Contains(token, StringComparison.Ordinal) == true);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Client.GetAsync($"/api/enrolments/{id}/withdraw?token={Uri.EscapeDataString(enrolment.ActionTokenSeed!)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.GetAsync($"/api/enrolments/{id}/withdraw?token={Uri.EscapeDataString(token)}")).StatusCode);
    }

    [Fact]
    public async Task Withdrawal_on_day_9_charges_nothing_and_frees_the_seat()
    {
        var (id, _) = await EnrolAsync();
        var token = ActionToken(await EnrolmentAsync(id));
        Day(9);

        var page = await _api.Client.GetAsync($"/api/enrolments/{id}/withdraw?token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Je me rétracte", await page.Content.ReadAsStringAsync());
        Assert.Equal(1, await SeatsAsync());

        var post = await _api.Client.PostAsync($"/api/enrolments/{id}/withdraw", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("Rétractation enregistrée", await post.Content.ReadAsStringAsync());
        Assert.Equal(EnrolmentState.Withdrawn, (await EnrolmentAsync(id)).State);
        Assert.Equal(0, await SeatsAsync());
        Assert.Equal(1, await OutboxCountAsync("retractation-confirmee"));
        Assert.Equal(1, await OutboxCountAsync("staff-retractation"));

        foreach (var day in new[] { 11, 12, 200 })
        {
            Day(day);
            await RunTimerAsync();
        }
        Assert.Empty(ChargesFor(id));
    }

    [Fact]
    public async Task After_day_10_the_withdrawal_link_explains_it_is_too_late_and_a_wrong_token_is_not_found()
    {
        var (id, _) = await EnrolAsync();
        var token = ActionToken(await EnrolmentAsync(id));
        Day(11);
        var late = await _api.Client.PostAsync($"/api/enrolments/{id}/withdraw?token={Uri.EscapeDataString(token)}", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("Délai de rétractation dépassé", await late.Content.ReadAsStringAsync());
        Assert.Equal(EnrolmentState.ContractSigned, (await EnrolmentAsync(id)).State);

        var wrong = await _api.Client.PostAsync($"/api/enrolments/{id}/withdraw?token=nope", null);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
    }

    [Theory]
    [InlineData("card_declined")]
    [InlineData("authentication_required")]
    public async Task A_failed_off_session_charge_sends_the_recovery_email_alerts_staff_and_keeps_the_seat_for_the_grace_period(string code)
    {
        var (id, _) = await EnrolAsync();
        _stripe.DeclineNextPaymentOf[id] = code;
        Day(11);
        await RunTimerAsync();

        var enrolment = await EnrolmentAsync(id);
        Assert.Equal(EnrolmentState.InstalmentOverdue, enrolment.State);
        Assert.Equal(code, enrolment.Instalment(1)!.FailureCode);
        Assert.Equal(_api.Clock.GetUtcNow() + TimeSpan.FromDays(7), enrolment.GraceExpiresAt);
        Assert.Equal(1, await OutboxCountAsync("echeance-impayee"));
        Assert.Equal(1, await OutboxCountAsync("staff-echeance-impayee"));
        Assert.Equal(1, await SeatsAsync());

        // The recovery link's button opens a payment-mode Checkout for that instalment only.
        var pay = await _api.Client.PostAsync($"/api/enrolments/{id}/instalment", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = ActionToken(enrolment) }));
        Assert.Equal(HttpStatusCode.SeeOther, pay.StatusCode);
        var recovery = _stripe.To("/v1/checkout/sessions").Last();
        Assert.Equal("payment", recovery.Form["mode"]);
        Assert.Equal((Total * 30 / 100).ToString(System.Globalization.CultureInfo.InvariantCulture), recovery.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("1", recovery.Form["metadata[instalment]"]);

        // Still in the grace period on day 17: the seat stays; past it, it is released.
        Day(17);
        await RunTimerAsync();
        Assert.Equal(1, await SeatsAsync());
        Day(19);
        await RunTimerAsync();
        Assert.Equal(EnrolmentState.Expired, (await EnrolmentAsync(id)).State);
        Assert.Equal(0, await SeatsAsync());
        Assert.Single(ChargesFor(id));
    }

    [Fact]
    public async Task Each_instalment_is_recorded_exactly_once_under_timer_and_webhook_redeliveries()
    {
        var (id, _) = await EnrolAsync();
        Day(11);
        await Task.WhenAll(RunTimerAsync(), RunTimerAsync());
        await RunTimerAsync();

        var charge = ChargesFor(id);
        Assert.True(charge.Count <= 2, "at most the two concurrent runs reach Stripe, with one idempotency key");
        Assert.All(charge, c => Assert.Equal($"instalment-{id}-1", c.Headers["Idempotency-Key"]));
        var paid = (await EnrolmentAsync(id)).Instalment(1)!;
        var events = Enumerable.Range(0, 5).Select(i => StripeEvents.InstalmentIntentEvent("evt_" + Guid.NewGuid().ToString("N"), "payment_intent.succeeded",
            id, 1, paid.PaymentIntentId!, paid.AmountCents, _api.Clock.GetUtcNow())).ToList();
        // Five deliveries (Stripe redelivers with the same or another event id), in parallel, plus one late failure report.
        var responses = await Task.WhenAll(events.Select(DeliverAsync));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await DeliverAsync(StripeEvents.InstalmentIntentEvent("evt_late_failure", "payment_intent.payment_failed", id, 1, paid.PaymentIntentId!, paid.AmountCents, _api.Clock.GetUtcNow(), "card_declined"));

        var enrolment = await EnrolmentAsync(id);
        Assert.Equal(EnrolmentState.PartlyPaid, enrolment.State);
        Assert.Equal(paid.AmountCents, enrolment.PaidAmountCents);
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "instalment|"));
        Assert.Equal(1, await OutboxCountAsync("recu-echeance"));
        Assert.Equal(0, await OutboxCountAsync("echeance-impayee"));
    }

    [Fact]
    public async Task A_webhook_can_record_the_instalment_before_the_timer_sees_the_answer()
    {
        var (id, _) = await EnrolAsync();
        var first = InstalmentSchedule.FirstCents(Total);
        Day(11);
        await DeliverAsync(StripeEvents.InstalmentIntentEvent("evt_first", "payment_intent.succeeded", id, 1, "pi_from_webhook", first, _api.Clock.GetUtcNow()));
        await RunTimerAsync();
        Assert.Empty(ChargesFor(id));
        var enrolment = await EnrolmentAsync(id);
        Assert.Equal(EnrolmentState.PartlyPaid, enrolment.State);
        Assert.Equal("pi_from_webhook", enrolment.Instalment(1)!.PaymentIntentId);
    }

    [Fact]
    public async Task A_session_starting_within_the_withdrawal_period_plus_one_day_refuses_online_self_funded_enrolment_naming_the_contact()
    {
        // Signed 11 days before the start: the trainee could attend, withdraw on day 10 and pay nothing.
        var start = _course.Course.Sessions[0].Start;
        _api.Clock.SetUtcNow(new DateTimeOffset(start.AddDays(-11).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(1)));
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Volunteers(1).SelfFunded(_course.ContractSha256).ToJsonContent());

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var message = Assert.Single(errors["payer.kind"]);
        Assert.Contains("moins de 12 jours", message);
        Assert.Contains(Monalisa.Content.SiteSettings.LoadEmbedded().Contact.Email, message);
        Assert.Empty(_stripe.To("/v1/customers"));
        Assert.Empty(_stripe.To("/v1/checkout/sessions"));
    }

    [Fact]
    public async Task A_session_starting_on_day_12_is_open_online_and_its_withdrawal_period_ends_before_it_starts()
    {
        var start = _course.Course.Sessions[0].Start;
        _api.Clock.SetUtcNow(new DateTimeOffset(start.AddDays(-12).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(1)));
        var (id, _) = await EnrolAsync();
        var enrolment = await EnrolmentAsync(id);
        Assert.False(enrolment.CautiousSchedule);
        Assert.True(InstalmentSchedule.WithdrawalEndsOn(start.AddDays(-12)) < start.AddDays(-1));
        Assert.True(enrolment.Instalment(1)!.DueOn < start);
    }
}
