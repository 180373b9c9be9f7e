using Xunit.Abstractions;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Payments;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Faults;

[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class WebhookStormTests(AzuriteFixture storage, ITestOutputHelper output)
{
    private const string Secret = StripeStub.WebhookSecret;
    private const int Deliveries = 1_000;

    [Fact]
    public async Task A_thousand_repeated_shuffled_and_partly_forged_deliveries_end_in_the_modelled_states()
    {
        var random = new Random(8);
        var course = new TestCourse(capacity: 400);
        await using var stripe = await StripeStub.StartAsync();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue, stripe.AppSettings());
        var store = api.Services.GetRequiredService<EnrolmentStore>();

        // The plan: each card enrolment gets one event, paid or expired, delivered 1 to 5 times; 10 % more deliveries are forged.
        var expected = new Dictionary<string, EnrolmentState>();
        var deliveries = new List<(string Payload, bool Genuine)>();
        while (deliveries.Count < Deliveries)
        {
            using var response = await api.Client.PostAsync("/api/enrolments", new EnrolmentBody(course.SessionId).Professionals(1).Card().ToJsonContent());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var enrolment = (await store.GetAsync(id, CancellationToken.None))!;
            var paid = random.Next(3) != 0;
            expected[id] = paid ? EnrolmentState.Confirmed : EnrolmentState.Expired;
            var payload = StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), paid ? "checkout.session.completed" : "checkout.session.expired", enrolment, api.Clock.GetUtcNow());
            for (var n = random.Next(1, 6); n > 0 && deliveries.Count < Deliveries; n--)
                deliveries.Add((payload, true));
            if (random.Next(10) == 0 && deliveries.Count < Deliveries)
                deliveries.Add((random.Next(2) == 0 ? payload.Replace("\"paid\"", "\"unpaid\"") : payload, false));
        }
        var shuffled = deliveries.OrderBy(_ => random.Next()).ToList();

        var next = -1;
        var answers = new (HttpStatusCode Status, bool Genuine)[shuffled.Count];
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < shuffled.Count)
            {
                var (payload, genuine) = shuffled[i];
                var signature = genuine ? StripeEvents.Sign(payload, Secret, DateTimeOffset.UtcNow) : StripeEvents.Sign(payload, "whsec_someone_else", DateTimeOffset.UtcNow);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
                using var response = await api.Client.SendAsync(request);
                answers[i] = (response.StatusCode, genuine);
            }
        }));

        Assert.All(answers, a => Assert.Equal(a.Genuine ? HttpStatusCode.OK : HttpStatusCode.BadRequest, a.Status));
        var tables = new TableInspector(storage.ConnectionString);
        var seats = await tables.PartitionAsync("Enrolments", course.SessionId, "seat|");
        foreach (var (id, state) in expected)
        {
            var actual = (await store.GetAsync(id, CancellationToken.None))!;
            Assert.True(state == actual.State, $"{id}: expected {state}, got {actual.State}");
            Assert.Equal(state == EnrolmentState.Confirmed ? 1 : 0, seats.Count(s => s.GetString("EnrolmentId") == id));
        }
        var confirmations = (await tables.PartitionAsync("Enrolments", course.SessionId, "outbox|")).Where(o => o.GetString("Kind") == "inscription-confirmee").ToList();
        Assert.Equal(expected.Count(e => e.Value == EnrolmentState.Confirmed), confirmations.Count);
        output.WriteLine($"{shuffled.Count} livraisons ({answers.Count(a => !a.Genuine)} forgées, refusées en 400) pour {expected.Count} inscriptions : " +
            $"{expected.Count(e => e.Value == EnrolmentState.Confirmed)} payées → confirmées, une place et un e-mail de confirmation chacune ; " +
            $"{expected.Count(e => e.Value == EnrolmentState.Expired)} expirées → sans place.");
    }
}
