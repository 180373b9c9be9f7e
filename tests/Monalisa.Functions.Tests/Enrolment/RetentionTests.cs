using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Enrolment;

[Collection(AzuriteCollection.Name)]
public sealed class RetentionTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new();
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, _course.Catalogue);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Enrolments_are_anonymised_36_months_after_their_session_and_not_before()
    {
        var response = await _api.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(_course.SessionId).Trainee(email: "anne.martin@example.org", firstName: "Anne", lastName: "Martin").ToJsonContent());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The session ends on 17 March 2027: 35 months later, nothing changes.
        _api.Clock.SetUtcNow(new DateTimeOffset(2030, 2, 18, 3, 30, 0, TimeSpan.Zero));
        await _api.Client.PostAsync("/_dev/timers/ApplyRetention", null);
        Assert.Contains("anne.martin@example.org", (await _tables.EnrolmentAsync(id)).GetString("Trainees"));

        _api.Clock.SetUtcNow(new DateTimeOffset(2030, 3, 18, 3, 30, 0, TimeSpan.Zero));
        await _api.Client.PostAsync("/_dev/timers/ApplyRetention", null);
        var anonymised = await _tables.EnrolmentAsync(id);
        Assert.DoesNotContain("anne.martin", anonymised.GetString("Trainees"));
        Assert.DoesNotContain("Martin", anonymised.GetString("Trainees"));
        Assert.DoesNotContain("ccas-lyon", anonymised.GetString("Payer"));
        Assert.NotNull(anonymised.GetDateTimeOffset("AnonymisedAt"));
        Assert.Equal(0, await _tables.CountAsync("Enrolments", _course.SessionId, "trainee|"));
        // Accounts keep what they need: the amount and the category.
        Assert.Equal(50000, anonymised.GetInt64("TotalCents"));
        Assert.Contains("professional", anonymised.GetString("Trainees"));
    }

    [Fact]
    public async Task Running_the_retention_twice_is_harmless()
    {
        await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).ToJsonContent());
        _api.Clock.SetUtcNow(new DateTimeOffset(2031, 1, 1, 3, 30, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync("/_dev/timers/ApplyRetention", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync("/_dev/timers/ApplyRetention", null)).StatusCode);
    }
}
