using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;

namespace Monalisa.Functions.Tests.Catalogue;

[Collection(AzuriteCollection.Name)]
public sealed class SessionsApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new();
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, _course.Catalogue);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Sessions_list_dates_place_capacity_and_seats_left_from_table_storage()
    {
        var table = new TableClient(storage.ConnectionString, "Enrolments");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity(_course.SessionId, "seat|01"));
        await table.AddEntityAsync(new TableEntity(_course.SessionId, "seat|02"));

        var sessions = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        var first = sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId);
        Assert.Equal("2027-03-16", first.GetProperty("start").GetString());
        Assert.Equal("2027-03-17", first.GetProperty("end").GetString());
        Assert.Equal("Lyon", first.GetProperty("city").GetString());
        Assert.Equal(12, first.GetProperty("capacity").GetInt32());
        Assert.Equal(10, first.GetProperty("seatsLeft").GetInt32());
        Assert.Equal("open", first.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_session_with_every_seat_taken_is_full()
    {
        var table = new TableClient(storage.ConnectionString, "Enrolments");
        await table.CreateIfNotExistsAsync();
        for (var seat = 1; seat <= 12; seat++)
            await table.AddEntityAsync(new TableEntity(_course.SessionId, $"seat|{seat:D2}"));

        var sessions = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        var first = sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId);
        Assert.Equal(0, first.GetProperty("seatsLeft").GetInt32());
        Assert.Equal("full", first.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sessions_are_past_or_closed_as_the_clock_moves()
    {
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 16, 10, 0, 0, TimeSpan.Zero));
        var during = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        Assert.Equal("closed", during.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId).GetProperty("status").GetString());

        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 18, 10, 0, 0, TimeSpan.Zero));
        var after = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        Assert.Equal("past", after.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Inter_enrolment_closes_the_published_number_of_days_before_the_start_in_the_api_and_at_submission()
    {
        // « Inscription possible jusqu'à 7 jours avant le début » (settings.yml Enrolment.ClosesDaysBefore): the Lyon
        // session starts on 16 March 2027, so 9 March is the last day.
        var days = Monalisa.Content.SiteSettings.LoadEmbedded().Enrolment.ClosesDaysBefore;
        Assert.Equal(7, days);
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("open", await StatusAsync());

        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("closed", await StatusAsync());
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(1).ToJsonContent());
        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(Monalisa.Domain.Enrolment.EnrolmentMessages.SessionClosed, Assert.Single(errors["sessionId"]));
    }

    [Fact]
    public async Task The_day_turns_at_midnight_in_Paris_not_at_midnight_UTC()
    {
        // 23:30 in Paris on 9 March, the last day: open. An hour later, 00:30 in Paris on 10 March, is still 9 March
        // in UTC (the Functions host's clock): enrolment has closed all the same.
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 22, 30, 0, TimeSpan.Zero));
        Assert.Equal("open", await StatusAsync());
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal("closed", await StatusAsync());
    }

    private async Task<string?> StatusAsync()
    {
        var sessions = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={_course.Slug}");
        return sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == _course.SessionId).GetProperty("status").GetString();
    }

    [Theory]
    [InlineData("")]
    [InlineData("?course=")]
    [InlineData("?course=inconnue")]
    public async Task An_unknown_or_missing_course_gets_a_400_problem(string query)
    {
        var response = await _api.Client.GetAsync($"/api/sessions{query}");
        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("course", errors.Keys);
    }
}
