using System.Net;

namespace Monalisa.Functions.Tests.SelfFunded;

/// <summary>Places first, Stripe after: a self-funded request that gets no place leaves no customer or Checkout at Stripe.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfFundedOrderOfWorkTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 1);
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

    private Task<HttpResponseMessage> SelfFundedAsync(string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments")
        {
            Content = new EnrolmentBody(_course.SessionId).Volunteers(1).SelfFunded(_course.ContractSha256).ToJsonContent(),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return _api.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_self_funded_request_refused_for_a_full_session_creates_no_stripe_customer_or_checkout()
    {
        Assert.Equal(HttpStatusCode.Created, (await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).ToJsonContent())).StatusCode);

        await ProblemAssert.IsProblemAsync(await SelfFundedAsync(), HttpStatusCode.Conflict);

        Assert.Empty(_stripe.To("/v1/customers"));
        Assert.Empty(_stripe.To("/v1/checkout/sessions"));
    }

    [Fact]
    public async Task When_stripe_is_down_the_held_place_is_given_back_and_the_same_key_works_once_it_is_back()
    {
        var key = Guid.NewGuid().ToString();
        _stripe.FailNext(HttpStatusCode.InternalServerError, times: 10);
        await ProblemAssert.IsProblemAsync(await SelfFundedAsync(key), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "outbox|"));

        while (_stripe.Script.TryDequeue(out _)) { }
        var created = await SelfFundedAsync(key);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, await _tables.CountAsync("Enrolments", _course.SessionId, "seat|"));
    }
}
