using System.Net;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Abuse;

/// <summary>
/// One client address holds at most Abuse:MaxPlacesPerAddress places in a session (6 by default), all its enrolments
/// together, whatever payer email each request gives. Each test sends from an address of its own (X-Forwarded-For, as the
/// App Service front end sets it), since the seat rows outlive a host on the shared Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AddressCapTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly Random Random = new();
    private readonly TestCourse _course = new(capacity: 30);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private TestApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await TestApi.StartAsync(storage, _course.Catalogue, new Dictionary<string, string?> { ["Abuse:MaxPlacesPerAddress"] = "6" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static string NewAddress() => $"2001:db8:{Random.Next(0x10000):x}:{Random.Next(0x10000):x}::{Random.Next(1, 0xffff):x}";

    private static string NewPayer() => $"compta-{Guid.NewGuid():N}@mairie.example.org";

    private async Task<HttpResponseMessage> EnrolAsync(string address, string payer, int trainees, bool card = false)
    {
        var body = new EnrolmentBody(_course.SessionId).Professionals(trainees).Payer("email", payer);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = (card ? body.Card() : body).ToJsonContent() };
        request.Headers.Add("X-Forwarded-For", address);
        return await _api.Client.SendAsync(request);
    }

    private Task<int> SeatsAsync() => _tables.CountAsync("Enrolments", _course.SessionId, "seat|");

    [Fact]
    public async Task One_address_cannot_hold_more_than_the_cap_in_a_session_even_with_a_new_payer_email_each_time()
    {
        var address = NewAddress();
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(address, NewPayer(), 4)).StatusCode);

        var over = await EnrolAsync(address, NewPayer(), 6);
        var text = await over.Content.ReadAsStringAsync();
        await ProblemAssert.IsProblemAsync(over, HttpStatusCode.Conflict);
        using var json = JsonDocument.Parse(text);
        Assert.EndsWith("/plafond-de-places", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("maxPlacesPerAddress").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("placesHeld").GetInt32());
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("intra", detail);
        Assert.Contains("@", detail); // the training team's address
        Assert.Equal(4, await SeatsAsync());

        // The address in clear is never stored: the seat rows carry a keyed hash of it.
        Assert.DoesNotContain(await _tables.PartitionAsync("Enrolments", _course.SessionId), row => row.Any(p => p.Value is string s && s.Contains(address.Split("::")[0], StringComparison.OrdinalIgnoreCase)));

        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(address, NewPayer(), 2)).StatusCode);
        await ProblemAssert.IsProblemAsync(await EnrolAsync(address, NewPayer(), 1), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(NewAddress(), NewPayer(), 5)).StatusCode);
        Assert.Equal(11, await SeatsAsync());
    }

    [Fact]
    public async Task Concurrent_requests_from_one_address_with_different_payers_never_pass_the_cap_together()
    {
        var address = NewAddress();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => EnrolAsync(address, NewPayer(), 1)));

        Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(6, await SeatsAsync());
    }

    [Fact]
    public async Task Places_given_back_no_longer_count_against_the_address()
    {
        var address = NewAddress();
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(address, NewPayer(), 6, card: true)).StatusCode);
        await ProblemAssert.IsProblemAsync(await EnrolAsync(address, NewPayer(), 1), HttpStatusCode.Conflict);

        // The card hold runs out unpaid: its places go back, and the address may hold them again.
        _api.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null)).StatusCode);
        Assert.Equal(0, await SeatsAsync());
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(address, NewPayer(), 6)).StatusCode);
    }
}
