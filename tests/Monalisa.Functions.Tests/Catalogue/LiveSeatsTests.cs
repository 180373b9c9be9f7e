using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Catalogue;

/// <summary>
/// The live seats every course page asks for: answered from memory for a few seconds, exact for the visitor who has
/// just enrolled, and never behind this process's own writes (issue « Speed where visitors feel it »).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveSeatsTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new();
    private readonly StorageRoundTrips _roundTrips = new();
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, _course.Catalogue, services: _roundTrips.Install);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_burst_of_visitors_reads_the_seats_from_storage_once_not_once_per_visitor()
    {
        await _api.Client.GetAsync($"/api/sessions?course={_course.Slug}");   // tables created, connections open

        var sessions = _course.Course.Sessions.Count;
        var trips = await _roundTrips.OfAsync(() => Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _api.Client.GetAsync($"/api/sessions?course={_course.Slug}"))));

        // At most one read of each session's seats and cancellation (two round trips each) for the fifty: were
        // the answer kept by nobody, it would be fifty times that.
        Assert.InRange(trips, 0, 2 * sessions);
    }

    [Fact]
    public async Task The_seats_shown_follow_an_enrolment_taken_by_the_same_instance_at_once()
    {
        var before = await SeatsLeftAsync(_api);
        Assert.Equal(HttpStatusCode.Created, (await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(2).Invoice().ToJsonContent())).StatusCode);

        Assert.Equal(before - 2, await SeatsLeftAsync(_api));
    }

    [Fact]
    public async Task An_enrolment_in_another_course_leaves_this_courses_kept_seats_alone()
    {
        // A second course, with sessions of its own, served by the same instance.
        var other = _course.Course with
        {
            Slug = "autre-formation",
            Sessions = [.. _course.Course.Sessions.Select(s => s with { Id = s.Id + "-autre" })],
        };
        var trips = new StorageRoundTrips();
        await using var api = await TestApi.StartAsync(storage, new Monalisa.Domain.Catalogue.CourseCatalogue([_course.Course, other], _course.Catalogue.Deadline), services: trips.Install);
        await api.Client.GetAsync($"/api/sessions?course={_course.Slug}");
        await api.Client.GetAsync($"/api/sessions?course={other.Slug}");
        Assert.Equal(HttpStatusCode.Created, (await api.Client.PostAsync("/api/enrolments", new EnrolmentBody(other.Sessions[0].Id).Professionals(1).Invoice().ToJsonContent())).StatusCode);

        Assert.Equal(0, await trips.OfAsync(() => api.Client.GetAsync($"/api/sessions?course={_course.Slug}")));
        // The other course's page, read just before too, is read again: its places changed here.
        Assert.NotEqual(0, await trips.OfAsync(() => api.Client.GetAsync($"/api/sessions?course={other.Slug}")));
    }

    [Fact]
    public async Task A_visitor_who_has_just_enrolled_sees_the_new_count_on_their_confirmation_even_while_the_course_page_lags()
    {
        // Two instances of the app over the same storage, as a scaled-out Functions app has: the course page was
        // answered by this one, the enrolment taken by the other.
        await using var other = await TestApi.StartAsync(storage, _course.Catalogue);
        var shown = await SeatsLeftAsync(_api);
        var created = await (await other.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(3).Invoice().ToJsonContent()))
            .Content.ReadFromJsonAsync<JsonElement>();

        // The course page may lag (a few seconds at most: LiveSeats.Lifetime) ...
        Assert.Equal(shown, await SeatsLeftAsync(_api));
        // ... the visitor's own confirmation, asked of the instance that did not take the enrolment, does not.
        var status = await _api.Client.GetFromJsonAsync<JsonElement>(created.GetProperty("statusUrl").GetString()!);
        Assert.Equal(shown - 3, status.GetProperty("session").GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task Another_instances_places_show_after_the_lifetime_and_no_visitor_waits_for_the_refresh()
    {
        var before = await SeatsLeftAsync(_api);
        // Two places taken by another instance: written straight to storage, as this process never hears of them.
        var table = new Azure.Data.Tables.TableClient(storage.ConnectionString, "Enrolments");
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(_course.SessionId, "seat|11"));
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(_course.SessionId, "seat|12"));
        Assert.Equal(before, await SeatsLeftAsync(_api));

        // Past the lifetime, the first visitor is given the kept answer at once while it is read again in the
        // background; the visitors after them see the new count.
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        var trips = await _roundTrips.OfAsync(async () => Assert.Equal(before, await SeatsLeftAsync(_api)));
        var seen = before;
        for (var i = 0; i < 50 && seen == before; i++)
        {
            await Task.Delay(100);
            seen = await SeatsLeftAsync(_api);
        }
        Assert.Equal(before - 2, seen);
        Assert.InRange(trips, 0, 2 * _course.Course.Sessions.Count);
    }

    [Fact]
    public async Task Browsers_revalidate_the_seats_every_time_and_get_a_304_while_nothing_changed()
    {
        var first = await _api.Client.GetAsync($"/api/sessions?course={_course.Slug}");
        // Kept, but asked again each time: a visitor back on the course page after enrolling sees their places taken.
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.True(first.Headers.CacheControl.NoCache);
        Assert.Null(first.Headers.CacheControl.MaxAge);
        Assert.NotNull(first.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions?course={_course.Slug}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var revalidated = await _api.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

        // Once a place is taken, the same ETag no longer matches: the browser gets the new count.
        await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).Invoice().ToJsonContent());
        using var after = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions?course={_course.Slug}");
        after.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.SendAsync(after)).StatusCode);
    }

    [Fact]
    public async Task A_new_payers_enrolment_costs_the_storage_floor_and_one_read()
    {
        // The first enrolment of the session reads its places; the next ones pick from what this instance saw.
        await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).Invoice().ToJsonContent());

        var body = new EnrolmentBody(_course.SessionId).Trainee(email: "claire.durand@example.org").Invoice().Payer("email", "compta@mairie-exemple.fr");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = body.ToJsonContent() };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("X-Forwarded-For", "203.0.113.77");
        var before = new Dictionary<string, long>(_roundTrips.ByKind);
        var trips = await _roundTrips.OfAsync(async () => Assert.Equal(HttpStatusCode.Created, (await _api.Client.SendAsync(request)).StatusCode));

        // The idempotency row, the transaction, the outbox message (the floor), and the session's cancellation row.
        var kinds = _roundTrips.ByKind.Where(k => k.Value > before.GetValueOrDefault(k.Key)).ToDictionary(k => k.Key, k => k.Value - before.GetValueOrDefault(k.Key));
        Assert.Equal(4, trips);
        Assert.Equal(1, kinds["POST $batch"]);
        Assert.Equal(1, kinds["GET Enrolments"]);
    }

    private async Task<int> SeatsLeftAsync(TestApi api)
    {
        var sessions = await api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        return sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId).GetProperty("seatsLeft").GetInt32();
    }
}
