using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Monalisa.Functions.Abuse;

namespace Monalisa.Functions.Tests.Abuse;

/// <summary>
/// Rate limits on the public write endpoints, counted in Table Storage. Each test sends from addresses of its own
/// (X-Forwarded-For, as the App Service front end sets it), since the counters outlive a host on the shared Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RateLimitTests(AzuriteFixture storage)
{
    private readonly TestCourse _course = new(capacity: 30);
    private static readonly Random Random = new();

    private Task<TestApi> StartAsync(params (string Key, string Value)[] limits)
    {
        var settings = new Dictionary<string, string?> { ["Abuse:RateLimitsEnabled"] = "true" };
        foreach (var (key, value) in limits) settings[$"Abuse:{key}"] = value;
        return TestApi.StartAsync(storage, _course.Catalogue, settings);
    }

    private static string NewAddress() => $"2001:db8:{Random.Next(0x10000):x}:{Random.Next(0x10000):x}::{Random.Next(1, 0xffff):x}";

    private async Task<HttpResponseMessage> EnrolAsync(TestApi api, string address, string payerEmail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments")
        {
            Content = new EnrolmentBody(_course.SessionId).Professionals(1).Payer("email", payerEmail).ToJsonContent(),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await api.Client.SendAsync(request);
    }

    [Fact]
    public async Task Enrolments_over_the_per_address_limit_get_a_429_problem_in_french_with_retry_after_until_the_window_ends()
    {
        await using var api = await StartAsync(("SubmissionsPerAddressPerHour", "3"), ("SubmissionsPerEmailPerHour", "100"));
        var address = NewAddress();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(api, address, $"payeur-{Guid.NewGuid():N}@example.org")).StatusCode);

        var refused = await EnrolAsync(api, address, $"payeur-{Guid.NewGuid():N}@example.org");
        var body = await refused.Content.ReadAsStringAsync();
        await ProblemAssert.IsProblemAsync(refused, (HttpStatusCode)429);
        using var json = JsonDocument.Parse(body);
        Assert.EndsWith("/trop-de-demandes", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("Trop de demandes.", json.RootElement.GetProperty("title").GetString());
        Assert.Contains("Réessayez dans", json.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(3, (await new TableInspector(storage.ConnectionString).PartitionAsync("Enrolments", _course.SessionId, "enrolment|")).Count);

        // Another address is not held back; the same one is let through again once its window is over.
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(api, NewAddress(), $"payeur-{Guid.NewGuid():N}@example.org")).StatusCode);
        api.Clock.Advance(refused.Headers.RetryAfter.Delta.Value);
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(api, address, $"payeur-{Guid.NewGuid():N}@example.org")).StatusCode);
    }

    [Fact]
    public async Task Ten_times_the_limit_at_once_from_one_address_gets_429s_and_never_a_5xx_or_more_than_the_limit()
    {
        await using var api = await StartAsync(("SubmissionsPerAddressPerHour", "10"), ("SubmissionsPerEmailPerHour", "1000"));
        var address = NewAddress();

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => EnrolAsync(api, address, $"payeur-{Guid.NewGuid():N}@example.org")));

        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        // A burst on one counter may refuse some that a calm stream would let through, never let more through.
        Assert.InRange(created, 1, 10);
        Assert.Equal(100 - created, answers.Count(a => a.StatusCode == (HttpStatusCode)429));
        Assert.DoesNotContain(answers, a => (int)a.StatusCode >= 500);
    }

    [Fact]
    public async Task The_limit_holds_across_instances_that_share_the_storage_and_no_address_or_email_is_stored_in_clear()
    {
        await using var first = await StartAsync(("SubmissionsPerAddressPerHour", "100"), ("SubmissionsPerEmailPerHour", "4"));
        await using var second = await StartAsync(("SubmissionsPerAddressPerHour", "100"), ("SubmissionsPerEmailPerHour", "4"));
        var payer = $"payeur-{Guid.NewGuid():N}@example.org";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(first, NewAddress(), payer)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(second, NewAddress(), payer)).StatusCode);
        }

        // Five different addresses, one payer email: the fifth is refused, whichever instance it reaches.
        await ProblemAssert.IsProblemAsync(await EnrolAsync(first, NewAddress(), payer.ToUpperInvariant()), (HttpStatusCode)429);
        await ProblemAssert.IsProblemAsync(await EnrolAsync(second, NewAddress(), payer), (HttpStatusCode)429);

        var table = new TableClient(storage.ConnectionString, "RateLimits");
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain("@", row.RowKey);
            Assert.DoesNotContain("2001:db8", row.RowKey);
        }
    }

    [Fact]
    public async Task Withdrawal_and_instalment_links_are_limited_per_enrolment()
    {
        await using var api = await StartAsync(("LinksPerEnrolmentPerHour", "3"), ("LinksPerAddressPerHour", "100"));
        var id = $"{_course.SessionId}_{Guid.NewGuid():N}";
        var paths = new[] { $"/api/enrolments/{id}/withdraw?token=devine", $"/api/enrolments/{id}/instalment?token=devine", $"/api/enrolments/{id}/withdraw?token=encore" };
        foreach (var path in paths)
        {
            using var guess = new HttpRequestMessage(HttpMethod.Get, path);
            guess.Headers.Add("X-Forwarded-For", NewAddress());
            Assert.Equal(HttpStatusCode.NotFound, (await api.Client.SendAsync(guess)).StatusCode);
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/enrolments/{id}/withdraw")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "devine" }),
        };
        post.Headers.Add("X-Forwarded-For", NewAddress());
        var limited = await api.Client.SendAsync(post);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("Trop de demandes", await limited.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("198.51.100.7", 1, "198.51.100.7")]
    [InlineData("1.2.3.4, 198.51.100.7:51234", 1, "198.51.100.7")]
    [InlineData("1.2.3.4, 203.0.113.9, 198.51.100.7", 2, "203.0.113.9")]
    [InlineData("[2001:db8:1:2:3:4:5:6]:443", 1, "2001:db8:1:2::/64")]
    [InlineData("pas-une-adresse", 1, "127.0.0.1")]
    public void The_client_address_is_the_entry_the_trusted_proxy_appended_never_one_the_client_wrote(string forwardedFor, int hops, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;

        Assert.Equal(expected, ClientAddress.Of(context.Request, hops));
    }
}
