using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Staff;

/// <summary>
/// « Remplacer un·e stagiaire »: the place goes to another person of the same organisation, the trainee locks change
/// in the enrolment's transaction, the new person is convened and the old one told, once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplaceTraineeTests(AzuriteFixture storage)
{
    private const string Payer = "compta@ccas-lyon.example.org";
    private const string Leaving = "camille.martin@example.org";
    private const string Coming = "alix.bernard@example.org";

    private static object Alix(int trainee = 0, string email = "  Alix.Bernard@EXAMPLE.org ") =>
        new { trainee, firstName = "Alix", lastName = "Bernard", email, phone = "06 11 22 33 44", jobTitle = "Animatrice" };

    private static async Task<EnrolmentRecord> EnrolmentAsync(EmailTestHost host, string id) =>
        (await host.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    private static async Task<HttpResponseMessage> ReplaceAsync(EmailTestHost host, string id, object body) =>
        await (await host.StaffAsync()).PostAsJsonAsync($"/api/staff/enrolments/{id}/replace", body);

    private static async Task<List<SendGridStub.Received>> SentAsync(EmailTestHost host)
    {
        await host.DrainQueuesAsync();
        return [.. host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf))];
    }

    /// <summary>The session's trainee locks as stored (one row per person holding a place).</summary>
    private async Task<List<string>> LocksAsync(EmailTestHost host) =>
        [.. (await new TableInspector(storage.ConnectionString).PartitionAsync("Enrolments", host.Course.SessionId, "trainee|")).Select(e => e.RowKey)];

    private static string LockOf(EmailTestHost host, string email) => host.Api.Services.GetRequiredService<TraineeLocks>().Key(email);

    private static async Task<string> ConfirmedAsync(EmailTestHost host, string emailPrefix = "")
    {
        var (id, _) = await host.EnrolByInvoiceAsync(emailPrefix: emailPrefix);
        Assert.Equal(HttpStatusCode.OK, (await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm")).StatusCode);
        return id;
    }

    [Fact]
    public async Task A_replaced_trainee_gives_the_place_and_lock_to_the_new_person_who_is_convened_while_the_old_one_gets_a_calendar_cancel()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var id = await ConfirmedAsync(host);
        var before = await EnrolmentAsync(host, id);
        var convocation = (await SentAsync(host)).Single(s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal) && s.To.Contains(Leaving));

        var response = await ReplaceAsync(host, id, Alix());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await EnrolmentAsync(host, id);
        Assert.Equal(EnrolmentState.Confirmed, after.State);
        var alix = after.Trainees[0];
        Assert.Equal((Coming, "Alix", "Bernard"), (alix.Email.ToLowerInvariant(), alix.FirstName, alix.LastName));
        Assert.Equal("alix.bernard@example.org", alix.Email, ignoreCase: true);
        Assert.Equal((before.Trainees[0].Organisation, before.Trainees[0].Category), (alix.Organisation, alix.Category));
        Assert.Equal(before.Trainees[1], after.Trainees[1]);
        Assert.Equal((before.TotalCents, before.Seats.Count), (after.TotalCents, after.Seats.Count));
        Assert.Equal(Leaving, Assert.Single(after.ReplacedTrainees).Trainee.Email);
        // Still two locks: the old person's gone, the new person's there.
        var locks = await LocksAsync(host);
        Assert.Equal(2, locks.Count);
        Assert.Contains(LockOf(host, Coming), locks);
        Assert.DoesNotContain(LockOf(host, Leaving), locks);

        var sent = await SentAsync(host);
        Assert.Single(sent, s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal) && s.To.Contains(alix.Email));
        var cancelled = Assert.Single(sent, s => s.Subject.StartsWith("Annulation —", StringComparison.Ordinal));
        Assert.Equal(new[] { Leaving }, cancelled.To);
        Assert.Contains("attribuée à une autre personne", cancelled.Text);
        var withdrawn = Calendar(cancelled);
        Assert.Equal("CANCEL", withdrawn.Method);
        Assert.Equal(Calendar(convocation).Events.Select(e => e.Uid).Order(), withdrawn.Events.Select(e => e.Uid).Order());
        var toPayer = Assert.Single(sent, s => s.Subject.StartsWith("Remplacement d'un stagiaire", StringComparison.Ordinal));
        Assert.Equal(new[] { Payer }, toPayer.To);
        Assert.Contains("Alix Bernard", toPayer.Text);
        Assert.Single(sent, s => s.Subject.StartsWith("[Remplacement]", StringComparison.Ordinal) && s.To.Contains(EmailTestHost.Staff));
        var timeline = await host.Api.Services.GetRequiredService<EnrolmentStore>().TimelineAsync(after, CancellationToken.None);
        var row = Assert.Single(timeline, e => e.Kind == "TraineeReplaced");
        Assert.Equal("Camille Martin", row.Actor.Name);
        var page = await (await host.StaffAsync()).GetStringAsync($"/api/equipe/inscriptions/{id}");
        Assert.Contains("Stagiaire remplacé·e par une autre personne", page);
    }

    [Fact]
    public async Task A_new_person_who_already_holds_a_place_in_the_session_is_a_409_deja_inscrit_and_nothing_changes()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var id = await ConfirmedAsync(host);
        await ConfirmedAsync(host, emailPrefix: "autre.");
        var outbox = (await host.OutboxAsync()).Count;
        var before = await EnrolmentAsync(host, id);

        var response = await ReplaceAsync(host, id, Alix(email: "Autre.Camille.Martin@example.org"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("deja-inscrit", await response.Content.ReadAsStringAsync());
        Assert.Equal(before.Trainees, (await EnrolmentAsync(host, id)).Trainees);
        Assert.Equal(4, (await LocksAsync(host)).Count);
        Assert.Equal(outbox, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task Two_enrolments_replacing_a_trainee_by_the_same_person_at_once_give_them_one_place_and_a_409()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var first = await ConfirmedAsync(host);
        var second = await ConfirmedAsync(host, emailPrefix: "autre.");

        var answers = await Task.WhenAll(ReplaceAsync(host, first, Alix()), ReplaceAsync(host, second, Alix()));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var holders = new[] { await EnrolmentAsync(host, first), await EnrolmentAsync(host, second) }
            .Count(e => e.Trainees.Any(t => t.Email.Equals(Coming, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(1, holders);
        var locks = await LocksAsync(host);
        Assert.Equal(4, locks.Count);
        Assert.Contains(LockOf(host, Coming), locks);
    }

    [Fact]
    public async Task The_commit_itself_refuses_a_new_person_whose_lock_another_enrolment_took_since_the_check_and_writes_nothing()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var first = await ConfirmedAsync(host);
        var second = await ConfirmedAsync(host, emailPrefix: "autre.");
        Assert.Equal(HttpStatusCode.OK, (await ReplaceAsync(host, first, Alix())).StatusCode);
        var before = await EnrolmentAsync(host, second);
        var outbox = (await host.OutboxAsync()).Count;

        // As if the console's check had run before the first replacement committed: only the lock insert stands in the way.
        var command = new EnrolmentCommand.TraineeReplaced(before.Trainees[0].Email, new Trainee("Alix", "Bernard", Coming, null, null, null, before.Trainees[0].Category),
            new DateOnly(2026, 12, 1), new DateOnly(2027, 3, 16), "Camille Martin");
        var outcome = await host.Api.Services.GetRequiredService<EnrolmentTransitions>().ApplyAsync(second, command,
            new Monalisa.Domain.Timeline.Actor(Monalisa.Domain.Timeline.ActorKind.Staff, "Camille Martin"), CancellationToken.None);

        Assert.IsType<TransitionOutcome.LockTaken>(outcome);
        Assert.Equal(before.Trainees, (await EnrolmentAsync(host, second)).Trainees);
        Assert.Equal(4, (await LocksAsync(host)).Count);
        Assert.Equal(outbox, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task Bad_fields_are_a_french_problem_naming_each_field()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var id = await ConfirmedAsync(host);

        var errors = await ProblemAssert.IsProblemAsync(
            await ReplaceAsync(host, id, new { trainee = "un", firstName = "", lastName = "Bernard", email = "pas-une-adresse", phone = "abc" }),
            HttpStatusCode.BadRequest);

        Assert.Equal(["email", "firstName", "phone", "trainee"], errors.Keys.Order());
        Assert.All(errors.Values, messages => Assert.Single(messages));
        var outOfRange = await ProblemAssert.IsProblemAsync(await ReplaceAsync(host, id, Alix(trainee: 5)), HttpStatusCode.BadRequest);
        Assert.Contains("trainee", outOfRange.Keys);
        Assert.Equal(Leaving, (await EnrolmentAsync(host, id)).Trainees[0].Email);
    }

    [Fact]
    public async Task A_cancelled_enrolment_has_nobody_to_replace_a_409()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var id = await ConfirmedAsync(host);
        var staff = await host.StaffAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/enrolments/{id}/cancel", new { reason = "organisme" })).StatusCode);

        var response = await ReplaceAsync(host, id, Alix());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(Leaving, (await EnrolmentAsync(host, id)).Trainees[0].Email);
        Assert.Empty(await LocksAsync(host));
    }

    [Fact]
    public async Task The_same_form_posted_twice_replaces_once_and_never_the_next_trainee()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var id = await ConfirmedAsync(host);
        var staff = await host.StaffAsync();
        FormUrlEncodedContent Form() => new(new Dictionary<string, string>
        {
            ["trainee"] = "0", ["firstName"] = "Alix", ["lastName"] = "Bernard", ["email"] = Coming, ["phone"] = "", ["jobTitle"] = "",
        });

        var first = await staff.PostAsync($"/api/staff/enrolments/{id}/replace", Form());
        var outbox = (await host.OutboxAsync()).Count;
        var again = await staff.PostAsync($"/api/staff/enrolments/{id}/replace", Form());

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal($"/api/equipe/inscriptions/{id}?fait=remplacement", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        var after = await EnrolmentAsync(host, id);
        Assert.Equal([Coming, "dominique.durand@example.org"], after.Trainees.Select(t => t.Email.ToLowerInvariant()));
        Assert.Single(after.ReplacedTrainees);
        Assert.Equal(outbox, (await host.OutboxAsync()).Count);
        Assert.Equal(2, (await LocksAsync(host)).Count);
    }

    private static Ical.Net.Calendar Calendar(SendGridStub.Received email)
    {
        var attachment = Assert.Single(email.Attachments);
        return Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)))!;
    }
}
