using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Payments;

/// <summary>Staff cancellations refund what the conditions of sale allow, through Stripe, exactly once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CancellationRefundTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 4);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private StripeStub _stripe = null!;
    private TestApi _api = null!;
    private HttpClient? _staff;

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

    private async Task<EnrolmentRecord> EnrolmentAsync(string id) =>
        (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    /// <summary>A card enrolment of <paramref name="trainees"/> professionals, paid through a checkout.session.completed event.</summary>
    private async Task<EnrolmentRecord> PaidAsync(int trainees)
    {
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(trainees).Card().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var enrolment = await EnrolmentAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        var payload = StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", enrolment, _api.Clock.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        Assert.True((await _api.Client.SendAsync(request)).IsSuccessStatusCode);
        var paid = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(EnrolmentState.Confirmed, paid.State);
        return paid;
    }

    private async Task<HttpResponseMessage> CancelAsync(string id, object body) =>
        await (_staff ??= await _api.SignInAsync()).PostAsJsonAsync($"/api/staff/enrolments/{id}/cancel", body);

    private List<StripeStub.Recorded> Refunds(string enrolmentId) =>
        [.. _stripe.To("/v1/refunds").Where(r => r.Form.GetValueOrDefault("metadata[enrolmentId]") == enrolmentId)];

    private async Task<int> OutboxCountAsync(string kind) =>
        (await _tables.PartitionAsync("Enrolments", _course.SessionId, "outbox|")).Count(o => o.GetString("Kind") == kind);

    [Fact]
    public async Task A_cancellation_by_the_organisation_posted_twice_at_once_refunds_once_and_emails_once()
    {
        var enrolment = await PaidAsync(trainees: 1);

        var answers = await Task.WhenAll(CancelAsync(enrolment.Id, new { reason = "organisme" }), CancelAsync(enrolment.Id, new { reason = "organisme" }));
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var refund = Assert.Single(Refunds(enrolment.Id));
        Assert.Equal(enrolment.TotalCents.ToString(System.Globalization.CultureInfo.InvariantCulture), refund.Form["amount"]);
        Assert.Equal(enrolment.PaymentReference, refund.Form["payment_intent"]);
        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(EnrolmentState.Cancelled, after.State);
        Assert.Equal(new EnrolmentMoney(0, 0, enrolment.TotalCents), EnrolmentMoney.Of(after));
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(1, await OutboxCountAsync("annulation-inscription"));
        Assert.Equal(1, await OutboxCountAsync("annulation-stagiaire"));
        Assert.Equal(1, await OutboxCountAsync("staff-annulation"));
        Assert.Equal("Done", Assert.Single(await _tables.PartitionAsync("Enrolments", _course.SessionId, "refund|")).GetString("Status"));
    }

    [Fact]
    public async Task Cancelling_one_trainee_of_a_paid_enrolment_refunds_their_share_and_keeps_the_others_places()
    {
        var enrolment = await PaidAsync(trainees: 3);
        var share = enrolment.TotalCents / 3;

        var response = await CancelAsync(enrolment.Id, new { trainee = 1, reason = "payer" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refund = Assert.Single(Refunds(enrolment.Id));
        Assert.Equal(share.ToString(System.Globalization.CultureInfo.InvariantCulture), refund.Form["amount"]);
        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal(EnrolmentState.Confirmed, after.State);
        Assert.Equal(2, after.Trainees.Count);
        Assert.Equal(enrolment.Trainees[1].Email, Assert.Single(after.CancelledTrainees).Trainee.Email);
        Assert.Equal(2, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(2, await _tables.CountAsync("Enrolments", _course.SessionId, "trainee|"));
        Assert.Equal(new EnrolmentMoney(enrolment.TotalCents - share, 0, share), EnrolmentMoney.Of(after));
    }

    [Fact]
    public async Task The_one_trainee_cancel_form_posted_again_from_the_old_page_is_refused_and_cancels_nobody_else()
    {
        var enrolment = await PaidAsync(trainees: 3);
        _staff ??= await _api.SignInAsync();
        var page = await (await _staff.GetAsync($"/api/equipe/inscriptions/{enrolment.Id}")).Content.ReadAsStringAsync();
        var version = System.Text.RegularExpressions.Regex.Match(page, "name=\"version\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        Assert.NotEmpty(version);
        var form = new Dictionary<string, string> { ["trainee"] = "1", ["reason"] = "payer", ["version"] = version };

        var first = await _staff.PostAsync($"/api/staff/enrolments/{enrolment.Id}/cancel", new FormUrlEncodedContent(form));
        var second = await _staff.PostAsync($"/api/staff/enrolments/{enrolment.Id}/cancel", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
        var after = await EnrolmentAsync(enrolment.Id);
        Assert.Equal([enrolment.Trainees[0].Email, enrolment.Trainees[2].Email], after.Trainees.Select(t => t.Email));
        Assert.Single(Refunds(enrolment.Id));
    }

    [Fact]
    public async Task A_payer_cancelling_after_the_enrolment_deadline_gets_no_refund_and_is_told_the_course_stays_due()
    {
        var enrolment = await PaidAsync(trainees: 1);
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 15, 9, 0, 0, TimeSpan.Zero));

        var response = await CancelAsync(enrolment.Id, new { reason = "payer" });
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Refunds(enrolment.Id));
        Assert.Equal(EnrolmentState.Cancelled, (await EnrolmentAsync(enrolment.Id)).State);
        Assert.Equal(1, await OutboxCountAsync("annulation-inscription"));
    }

    [Theory]
    [InlineData("{\"reason\":\"personne\"}", "reason")]
    [InlineData("{\"reason\":\"payer\",\"trainee\":7}", "trainee")]
    [InlineData("{\"reason\":\"payer\",\"trainee\":\"un\"}", "trainee")]
    public async Task A_cancellation_with_a_bad_field_is_a_french_problem_naming_it(string body, string field)
    {
        var enrolment = await PaidAsync(trainees: 1);

        var response = await (_staff ??= await _api.SignInAsync()).PostAsync($"/api/staff/enrolments/{enrolment.Id}/cancel",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(Refunds(enrolment.Id));
    }

    [Fact]
    public async Task A_paid_no_seat_case_refunded_now_by_staff_is_refunded_once_even_with_the_timer()
    {
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).Card().ToJsonContent());
        var late = await EnrolmentAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        _api.Clock.Advance(TimeSpan.FromHours(1));
        await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(4).Invoice().ToJsonContent());
        var payload = StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", late, _api.Clock.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        await _api.Client.SendAsync(request);
        Assert.Equal(EnrolmentState.PaidNoSeat, (await EnrolmentAsync(late.Id)).State);

        _staff ??= await _api.SignInAsync();
        var answers = await Task.WhenAll(_staff.PostAsync($"/api/staff/enrolments/{late.Id}/refund", null), _staff.PostAsync($"/api/staff/enrolments/{late.Id}/refund", null));
        _api.Clock.Advance(TimeSpan.FromHours(49));
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(EnrolmentState.Refunded, (await EnrolmentAsync(late.Id)).State);
        Assert.Single(Refunds(late.Id).Select(r => r.Headers["Idempotency-Key"]).Distinct());
        await ProblemAssert.IsProblemAsync(await _staff.PostAsync($"/api/staff/enrolments/{late.Id}/confirm", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_cancelled_session_refunds_each_paid_enrolment_once_even_run_twice_and_takes_no_new_enrolment()
    {
        var first = await PaidAsync(trainees: 1);
        var second = await PaidAsync(trainees: 2);
        _staff ??= await _api.SignInAsync();
        var body = new { reason = "Formatrice malade", confirm = "oui" };

        var answers = await Task.WhenAll(
            _staff.PostAsJsonAsync($"/api/staff/sessions/{_course.SessionId}/cancel", body),
            _staff.PostAsJsonAsync($"/api/staff/sessions/{_course.SessionId}/cancel", body));
        var again = await _staff.PostAsJsonAsync($"/api/staff/sessions/{_course.SessionId}/cancel", body);
        await _api.Client.PostAsync("/_dev/timers/RefundPaidWithoutSeat", null);

        Assert.All(answers.Append(again), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(Refunds(first.Id));
        Assert.Equal(second.TotalCents.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(Refunds(second.Id)).Form["amount"]);
        Assert.Equal(EnrolmentState.Cancelled, (await EnrolmentAsync(first.Id)).State);
        Assert.Equal(EnrolmentState.Cancelled, (await EnrolmentAsync(second.Id)).State);
        Assert.Equal(2, await OutboxCountAsync("annulation-inscription"));
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));

        var listed = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Course.Slug}");
        var session = listed.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId);
        Assert.Equal(0, session.GetProperty("seatsLeft").GetInt32());
        var late = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).Card().ToJsonContent());
        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.BadRequest);
        Assert.Contains("annulée", await late.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_session_cancellation_without_confirmation_or_reason_changes_nothing()
    {
        var paid = await PaidAsync(trainees: 1);
        _staff ??= await _api.SignInAsync();

        var response = await _staff.PostAsJsonAsync($"/api/staff/sessions/{_course.SessionId}/cancel", new { reason = "" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reason", out _));
        Assert.True(errors.TryGetProperty("confirm", out _));
        Assert.Equal(EnrolmentState.Confirmed, (await EnrolmentAsync(paid.Id)).State);
        Assert.Empty(_stripe.To("/v1/refunds"));
    }
}
