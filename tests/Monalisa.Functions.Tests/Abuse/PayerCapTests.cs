using System.Net;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Abuse;

/// <summary>One payer email holds at most Abuse:MaxPlacesPerPayer places in a session (6 by default), all its enrolments together.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PayerCapTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 30);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private TestApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await TestApi.StartAsync(storage, _course.Catalogue, new Dictionary<string, string?> { ["Abuse:MaxPlacesPerPayer"] = "6" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private Task<HttpResponseMessage> EnrolAsync(string payer, int trainees, bool card = false)
    {
        var body = new EnrolmentBody(_course.SessionId).Professionals(trainees).Payer("email", payer);
        return _api.Client.PostAsync("/api/enrolments", (card ? body.Card() : body).ToJsonContent());
    }

    private Task<int> SeatsAsync() => _tables.CountAsync("Enrolments", _course.SessionId, "seat|");

    [Fact]
    public async Task One_payer_cannot_hold_more_places_than_the_cap_and_is_pointed_to_an_intra_session_and_the_team()
    {
        var payer = $"compta-{Guid.NewGuid():N}@mairie.example.org";
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(payer, 4)).StatusCode);

        var over = await EnrolAsync(payer.ToUpperInvariant(), 3);
        var text = await over.Content.ReadAsStringAsync();
        await ProblemAssert.IsProblemAsync(over, HttpStatusCode.Conflict);
        using var json = JsonDocument.Parse(text);
        Assert.EndsWith("/plafond-de-places", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("maxPlacesPerPayer").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("placesHeld").GetInt32());
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("intra", detail);
        Assert.Contains("@", detail); // the training team's address
        Assert.Equal(4, await SeatsAsync());

        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(payer, 2)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync($"autre-{Guid.NewGuid():N}@example.org", 5)).StatusCode);
        Assert.Equal(11, await SeatsAsync());
    }

    [Fact]
    public async Task Concurrent_requests_of_one_payer_never_pass_the_cap_together()
    {
        var payer = $"compta-{Guid.NewGuid():N}@mairie.example.org";
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => EnrolAsync(payer, 1)));

        Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(6, await SeatsAsync());
    }

    [Fact]
    public async Task Places_given_back_no_longer_count_against_the_payer()
    {
        var payer = $"compta-{Guid.NewGuid():N}@mairie.example.org";
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(payer, 6, card: true)).StatusCode);
        await ProblemAssert.IsProblemAsync(await EnrolAsync(payer, 1), HttpStatusCode.Conflict);

        // The card hold runs out unpaid: its places go back, and the payer may hold them again.
        _api.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null)).StatusCode);
        Assert.Equal(0, await SeatsAsync());
        Assert.Equal(HttpStatusCode.Created, (await EnrolAsync(payer, 6)).StatusCode);
    }
}
