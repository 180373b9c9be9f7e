using Xunit.Abstractions;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Faults;

/// <summary>Storage goes away in the middle of a stream of enrolments, then comes back on the same ports.</summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(FaultsCollection.Name)]
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Azurite_stopped_during_fifty_submissions_leaves_each_one_whole_or_absent()
    {
        // Its own Azurite, persisted on disk so that a restart keeps what was committed; the shared one is never touched.
        var folder = Path.Combine(Path.GetTempPath(), "monalisa-fault-" + Guid.NewGuid().ToString("N"));
        var azurite = await AzuriteProcess.StartAsync(folder);
        var (blob, queue, table) = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        try
        {
            var course = new TestCourse(capacity: 200);
            await using var api = await TestApi.StartAsync(azurite.ConnectionString, course.Catalogue);

            // Warm up: tables created, connections open.
            var first = await SubmitAsync(api, course.SessionId, 1);
            Assert.Equal(HttpStatusCode.Created, first.Status);
            var submissions = new List<Task<(HttpStatusCode Status, string? MediaType, string Body, int Trainees)>>();
            for (var i = 0; i < 50; i++)
            {
                var trainees = 1 + i % 3;
                submissions.Add(SubmitAsync(api, course.SessionId, trainees));
                if (i == 15) await azurite.StopAsync();
                if (i == 35) azurite = await AzuriteProcess.StartAsync(folder, blob, queue, table);
                await Task.Delay(60);
            }
            var answers = await Task.WhenAll(submissions);

            var created = new Dictionary<string, int> { [JsonDocument.Parse(first.Body).RootElement.GetProperty("id").GetString()!] = 1 };
            foreach (var answer in answers)
            {
                Assert.True(answer.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)answer.Status}: {answer.Body}");
                if (answer.Status == HttpStatusCode.Created)
                {
                    created[JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetString()!] = answer.Trainees;
                    continue;
                }
                Assert.Equal("application/problem+json", answer.MediaType);
                var problem = JsonDocument.Parse(answer.Body).RootElement;
                Assert.Equal(503, problem.GetProperty("status").GetInt32());
                Assert.Contains("stockage", problem.GetProperty("detail").GetString());
            }
            Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
            Assert.True(created.Count >= 20, $"only {created.Count} enrolments went through: {string.Join(" ", answers.Select(a => (int)a.Status))}");

            // What is stored is exactly what was answered 201, each with all its seats and trainee locks.
            var tables = new TableInspector(azurite.ConnectionString);
            var enrolments = (await tables.PartitionAsync("Enrolments", course.SessionId, "enrolment|")).Select(e => e.RowKey["enrolment|".Length..]).ToList();
            Assert.Equal(created.Keys.Order(), enrolments.Order());
            var seats = await tables.PartitionAsync("Enrolments", course.SessionId, "seat|");
            var locks = await tables.PartitionAsync("Enrolments", course.SessionId, "trainee|");
            foreach (var (id, trainees) in created)
            {
                Assert.Equal(trainees, seats.Count(s => s.GetString("EnrolmentId") == id));
                Assert.Equal(trainees, locks.Count(l => l.GetString("EnrolmentId") == id));
            }
            Assert.Equal(created.Values.Sum(), seats.Count);
            Assert.Equal(created.Values.Sum(), locks.Count);

            // And the API is whole again.
            var after = await SubmitAsync(api, course.SessionId, 1);
            Assert.Equal(HttpStatusCode.Created, after.Status);
            output.WriteLine($"50 soumissions : {answers.Count(a => a.Status == HttpStatusCode.Created)} × 201 (stockées entières : {seats.Count} places, {locks.Count} verrous), " +
                $"{answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} × 503 problem+json (rien d'écrit) ; 201 de nouveau après la relance.");
        }
        finally
        {
            await azurite.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, string Body, int Trainees)> SubmitAsync(TestApi api, string sessionId, int trainees)
    {
        var body = new EnrolmentBody(sessionId).Professionals(trainees);
        using var response = await api.Client.PostAsJsonAsync("/api/enrolments", body.Json);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), trainees);
    }
}
