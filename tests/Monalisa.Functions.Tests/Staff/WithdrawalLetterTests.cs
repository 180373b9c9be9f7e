using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Staff;

/// <summary>A self-funded trainee's withdrawal letter, recorded by staff: the letter's date decides the 10-day rule.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WithdrawalLetterTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 3);
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

    private async Task<(string Id, DateOnly SignedOn)> SignedAsync()
    {
        var signedOn = _api.Clock.Today();
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Volunteers(1).SelfFunded(_course.ContractSha256On(signedOn)).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var enrolment = (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;
        var payload = StripeEvents.SetupCompletedEvent("evt_" + Guid.NewGuid().ToString("N"), id, _course.SessionId, enrolment.CheckoutSessionId!, "seti_test_1", enrolment.StripeCustomerId, _api.Clock.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.SendAsync(request)).StatusCode);
        return (id, signedOn);
    }

    private async Task<HttpResponseMessage> LetterAsync(string id, DateOnly day) =>
        await (await _api.SignInAsync()).PostAsJsonAsync($"/api/staff/enrolments/{id}/withdraw", new { receivedOn = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    [Fact]
    public async Task A_letter_dated_within_ten_days_withdraws_even_when_staff_record_it_later()
    {
        var (id, signedOn) = await SignedAsync();
        _api.Clock.Advance(TimeSpan.FromDays(12));

        var response = await LetterAsync(id, signedOn.AddDays(9));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EnrolmentState.Withdrawn, (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task A_letter_dated_after_the_ten_days_is_refused_and_a_future_date_is_a_field_problem()
    {
        var (id, signedOn) = await SignedAsync();
        _api.Clock.Advance(TimeSpan.FromDays(12));

        await ProblemAssert.IsProblemAsync(await LetterAsync(id, signedOn.AddDays(11)), HttpStatusCode.Conflict);
        var future = await LetterAsync(id, signedOn.AddDays(20));
        await ProblemAssert.IsProblemAsync(future, HttpStatusCode.BadRequest);
        Assert.Contains("receivedOn", await future.Content.ReadAsStringAsync());
        Assert.Equal(EnrolmentState.ContractSigned, (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!.State);
    }
}
