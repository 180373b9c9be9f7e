using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Tests.Enrolment;

/// <summary>The status token is a bearer secret: the Idempotency table never holds it, yet a replay gets it back.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdempotencyTokenTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_idempotency_record_holds_no_token_and_a_replay_still_returns_the_same_one()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue);
        var key = Guid.NewGuid().ToString();
        var body = new EnrolmentBody(course.SessionId).Professionals(1);

        async Task<string> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = body.ToJsonContent() };
            request.Headers.Add("Idempotency-Key", key);
            var response = await api.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var statusUrl = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!;
            return System.Web.HttpUtility.ParseQueryString(new Uri(api.BaseAddress, statusUrl).Query)["token"]!;
        }

        var token = await PostAsync();
        var records = await new TableInspector(storage.ConnectionString).PartitionAsync(TableNames.Idempotency, IdempotencyStore.HashOf("enrolments\n" + key));

        var record = Assert.Single(records);
        Assert.DoesNotContain(record, p => p.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true);
        Assert.Equal(token, await PostAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync($"/api/enrolments/{record.GetString("ResourceId")}?token={token}")).StatusCode);
    }
}
