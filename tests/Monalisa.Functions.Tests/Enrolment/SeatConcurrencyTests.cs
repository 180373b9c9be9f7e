using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Enrolment;

[Collection(AzuriteCollection.Name)]
public sealed class SeatConcurrencyTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Two_hundred_concurrent_enrolments_on_two_instances_hold_exactly_the_twelve_seats()
    {
        var course = new TestCourse(capacity: 12);
        // Two independently built hosts (own DI container, own clients), one storage: as two Function App instances.
        await using var first = await TestApi.StartAsync(storage, course.Catalogue);
        await using var second = await TestApi.StartAsync(storage, course.Catalogue);
        var instances = new[] { first, second };

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var api = instances[i % 2];
            var body = new EnrolmentBody(course.SessionId).Professionals(1);
            using var content = body.ToJsonContent();
            return await api.Client.PostAsync("/api/enrolments", content);
        }));

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(12, statuses.GetValueOrDefault(HttpStatusCode.Created));
        Assert.Equal(188, statuses.GetValueOrDefault(HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).Take(5))
            await ProblemAssert.IsProblemAsync(conflict, HttpStatusCode.Conflict);

        // Count what is stored, not a counter.
        var tables = new TableInspector(storage.ConnectionString);
        Assert.Equal(12, await tables.CountAsync("Enrolments", course.SessionId, "seat|"));
        Assert.Equal(12, await tables.CountAsync("Enrolments", course.SessionId, "enrolment|"));
        Assert.Equal(12, await tables.CountAsync("Enrolments", course.SessionId, "trainee|"));
        var seatOwners = (await tables.PartitionAsync("Enrolments", course.SessionId, "seat|")).Select(s => s.GetString("EnrolmentId")).ToHashSet();
        var enrolments = (await tables.PartitionAsync("Enrolments", course.SessionId, "enrolment|")).Select(e => e.RowKey["enrolment|".Length..]).ToHashSet();
        Assert.Equal(enrolments, seatOwners);
    }

    // Each instance remembers the places it last saw taken (SeatHints) and tries free ones without reading first.
    // These two show the hint never decides: storage does.

    [Fact]
    public async Task A_place_freed_on_another_instance_is_offered_even_when_this_one_last_saw_the_session_full()
    {
        var course = new TestCourse(capacity: 2);
        await using var first = await TestApi.StartAsync(storage, course.Catalogue);
        await using var second = await TestApi.StartAsync(storage, course.Catalogue);

        var taken = await PostAsync(first, new EnrolmentBody(course.SessionId).Professionals(2));
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(first, new EnrolmentBody(course.SessionId).Professionals(1))).StatusCode);

        // The other instance gives the two places back.
        var id = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var cancel = await (await second.SignInAsync()).PostAsync($"/api/staff/enrolments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(first, new EnrolmentBody(course.SessionId).Professionals(2))).StatusCode);
    }

    [Fact]
    public async Task A_place_taken_on_another_instance_since_this_one_looked_is_never_sold_twice()
    {
        var course = new TestCourse(capacity: 2);
        await using var first = await TestApi.StartAsync(storage, course.Catalogue);
        await using var second = await TestApi.StartAsync(storage, course.Catalogue);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(first, new EnrolmentBody(course.SessionId).Professionals(1))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(second, new EnrolmentBody(course.SessionId).Professionals(1))).StatusCode);

        // The first instance still believes one place is free: its insert fails, it reads storage, and says full.
        var late = await PostAsync(first, new EnrolmentBody(course.SessionId).Professionals(1));
        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Equal(0, (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seatsLeft").GetInt32());

        var tables = new TableInspector(storage.ConnectionString);
        Assert.Equal(2, await tables.CountAsync("Enrolments", course.SessionId, "seat|"));
        Assert.Equal(2, await tables.CountAsync("Enrolments", course.SessionId, "enrolment|"));
    }

    private static async Task<HttpResponseMessage> PostAsync(TestApi api, EnrolmentBody body)
    {
        using var content = body.ToJsonContent();
        return await api.Client.PostAsync("/api/enrolments", content);
    }
}
