using System.Net;

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
}
