using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;

namespace Monalisa.Functions.Tests.WaitingList;

/// <summary>Staff move trainees to another session: places taken there before they are given back here.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MoveTraineesTests(AzuriteFixture storage)
{
    private static async Task<HttpResponseMessage> MoveAsync(WaitingListHost host, string id, object body) =>
        await (await host.StaffAsync()).PostAsJsonAsync($"/api/staff/enrolments/{id}/move", body);

    private static string Target(WaitingListHost host) => host.Course.Course.Sessions[1].Id;

    private static async Task<int> SeatRowsAsync(WaitingListHost host, string sessionId) => (await host.RowsAsync("seat|", sessionId)).Count;

    [Fact]
    public async Task Moving_one_trainee_splits_the_enrolment_and_keeps_both_sessions_counts_right_even_when_retried()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 3);
        var id = await host.EnrolAsync("groupe", trainees: 2);
        var before = await host.GetAsync(id);

        var response = await MoveAsync(host, id, new { toSession = Target(host), trainees = "1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await MoveAsync(host, id, new { toSession = Target(host), trainees = "1" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        var target = await host.GetAsync(view.GetProperty("targetId").GetString()!);
        var source = await host.GetAsync(id);
        Assert.Equal(1, await SeatRowsAsync(host, host.Course.SessionId));
        Assert.Equal(1, await SeatRowsAsync(host, Target(host)));
        Assert.Equal([before.Trainees[0].Email], source.Trainees.Select(t => t.Email));
        Assert.Equal([before.Trainees[1].Email], target.Trainees.Select(t => t.Email));
        Assert.Equal(before.TotalCents, source.TotalCents + target.TotalCents);
        Assert.Equal(EnrolmentState.AwaitingInvoice, target.State);
        Assert.Equal(2, await host.SeatsLeftAsync());
        // Both timelines name the staff member who moved them.
        var moved = Assert.Single(await host.Store.TimelineAsync(source, CancellationToken.None), e => e.Kind == "MovedOut");
        Assert.Equal(ActorKind.Staff, moved.Actor.Kind);
        Assert.Single(await host.Store.TimelineAsync(target, CancellationToken.None), e => e.Kind == "MovedIn" && e.Actor.Name == moved.Actor.Name);
    }

    [Fact]
    public async Task A_move_to_a_full_session_is_refused_and_changes_nothing_anywhere()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 3);
        var id = await host.EnrolAsync("groupe", trainees: 2);
        var capacity = host.Course.Course.Sessions[1].Capacity;
        for (var i = 0; i < capacity; i++) await host.EnrolAsync($"plein{i}", sessionId: Target(host));

        var response = await MoveAsync(host, id, new { toSession = Target(host) });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(2, await SeatRowsAsync(host, host.Course.SessionId));
        Assert.Equal(capacity, await SeatRowsAsync(host, Target(host)));
        Assert.Equal(2, (await host.GetAsync(id)).Trainees.Count);
        Assert.Equal(EnrolmentState.AwaitingInvoice, await host.StateAsync(id));
    }

    [Fact]
    public async Task The_places_a_move_frees_go_to_the_source_sessions_waiting_list_and_the_moved_trainees_get_their_convocation()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 1);
        var id = await host.EnrolAsync("titulaire");
        var waiting = await host.EnrolAsync("attente", waiting: true);
        Assert.True((await (await host.StaffAsync()).PostAsync($"/api/staff/enrolments/{id}/confirm", null)).IsSuccessStatusCode);

        var response = await MoveAsync(host, id, new { toSession = Target(host) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var targetId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("targetId").GetString()!;
        Assert.Equal(EnrolmentState.MovedOut, await host.StateAsync(id));
        Assert.Equal(EnrolmentState.Confirmed, await host.StateAsync(targetId));
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(waiting));
        Assert.Equal(0, await host.SeatsLeftAsync());
        Assert.Single(await host.RowsAsync("outbox|", Target(host)), r => r.GetString("Kind") == "convocation" && r.GetString("Subject") == "enrolment|" + targetId);
    }

    [Theory]
    [InlineData("{}", "toSession")]
    [InlineData("{\"toSession\":\"s-inconnue\"}", "toSession")]
    [InlineData("{\"toSession\":\"SAME\"}", "toSession")]
    [InlineData("{\"toSession\":\"TARGET\",\"trainees\":\"a,b\"}", "trainees")]
    [InlineData("{\"toSession\":\"TARGET\",\"trainees\":\"7\"}", "trainees")]
    public async Task A_bad_move_is_a_french_problem_naming_the_field(string body, string field)
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 3);
        var id = await host.EnrolAsync("groupe", trainees: 2);
        body = body.Replace("SAME", host.Course.SessionId).Replace("TARGET", Target(host));

        var response = await (await host.StaffAsync()).PostAsync($"/api/staff/enrolments/{id}/move",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(2, await SeatRowsAsync(host, host.Course.SessionId));
    }

    [Fact]
    public async Task Moving_without_a_staff_sign_in_is_refused()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 3);
        var id = await host.EnrolAsync("groupe");

        var response = await host.Api.Client.PostAsJsonAsync($"/api/staff/enrolments/{id}/move", new { toSession = Target(host) });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, await SeatRowsAsync(host, host.Course.SessionId));
    }
}
