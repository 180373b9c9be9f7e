using Azure.Data.Tables;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Surveys;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Surveys;

/// <summary>
/// What the hourly timer sends: each questionnaire that is due to each recipient not yet asked, then the one reminder
/// of each invitation left unanswered. The schedule is the domain's (SurveySchedule); the once-only is the store's inserts.
/// </summary>
internal sealed class SurveySender(
    SurveyStore store, EnrolmentStore enrolments, AttendanceSummaries attendance, TraineeLocks locks, CourseCatalogue catalogue, TimeProvider clock)
{
    private static readonly SurveyKind[] SessionSurveys = [SurveyKind.Positioning, SurveyKind.Hot, SurveyKind.Cold];

    public sealed record Sent(int Invitations, int Reminders);

    public async Task<Sent> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        int invitations = 0, reminders = 0;
        foreach (var course in catalogue.Courses)
            foreach (var session in course.Sessions)
            {
                // Nothing to do before the positionnement, nor once the à froid's reminder window is over.
                var from = SurveySchedule.DueAt(SurveyKind.Positioning, course, session);
                var until = SurveySchedule.DueAt(SurveyKind.Cold, course, session) + 2 * SurveySchedule.SendWindow + SurveySchedule.ReminderAfter;
                if (now < from || now >= until) continue;
                var (i, r) = await SessionAsync(course, session, now, cancellationToken);
                invitations += i;
                reminders += r;
            }
        if (SurveySchedule.EmployerYearDue(now) is { } year)
        {
            var (i, r) = await EmployersAsync(year, now, cancellationToken);
            invitations += i;
            reminders += r;
        }
        return new Sent(invitations, reminders);
    }

    private async Task<(int, int)> SessionAsync(Course course, CourseSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = (await store.PartitionAsync(session.Id, cancellationToken)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        int invitations = 0, reminders = 0;
        List<SurveyRecipient>? trainees = null;
        foreach (var kind in SessionSurveys)
        {
            if (SurveySchedule.InvitationDue(kind, course, session, now))
            {
                trainees ??= await TraineesAsync(session.Id, cancellationToken);
                var recipients = kind == SurveyKind.Hot ? await AttendedAsync(session.Id, trainees, cancellationToken) : trainees;
                foreach (var recipient in recipients)
                    if (!rows.ContainsKey(SurveyKeys.Invitation(kind, recipient.RespondentKey))
                        && await store.SendAsync(session.Id, kind, recipient, reminder: false, now, cancellationToken))
                        invitations++;
            }
            reminders += await RemindAsync(session.Id, kind, rows, now, (k, at) => SurveySchedule.ReminderDue(k, at, now, course, session), cancellationToken);
        }
        return (invitations, reminders);
    }

    private async Task<int> RemindAsync(string partition, SurveyKind kind, Dictionary<string, TableEntity> rows, DateTimeOffset now,
        Func<SurveyKind, DateTimeOffset, bool> due, CancellationToken cancellationToken)
    {
        var reminders = 0;
        var prefix = $"{SurveyKeys.InvitationPrefix}{Questionnaire.Key(kind)}|";
        foreach (var invitation in rows.Values.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            var key = invitation.RowKey[prefix.Length..];
            if (rows.ContainsKey(SurveyKeys.Answer(kind, key)) || rows.ContainsKey(SurveyKeys.Reminder(kind, key))) continue;
            if (invitation.GetDateTimeOffset(SurveyStore.At) is not { } at || !due(kind, at)) continue;
            var recipient = new SurveyRecipient(key, invitation.GetString(SurveyStore.EnrolmentId) ?? "", invitation.GetInt32(SurveyStore.TraineeIndex));
            if (await store.SendAsync(partition, kind, recipient, reminder: true, now, cancellationToken)) reminders++;
        }
        return reminders;
    }

    /// <summary>The trainees of the session's active enrolments (holding their places), by pseudonym.</summary>
    private async Task<List<SurveyRecipient>> TraineesAsync(string sessionId, CancellationToken cancellationToken) =>
        [.. (await enrolments.HoldingPlacesAsync(sessionId, cancellationToken))
            .SelectMany(e => e.Trainees.Select((t, i) => new SurveyRecipient(locks.TraineeKey(t.Email), e.Id, i)))
            .DistinctBy(r => r.RespondentKey)];

    /// <summary>The à chaud goes to those who attended: once attendance is published, only trainees with minutes attended.</summary>
    private async Task<List<SurveyRecipient>> AttendedAsync(string sessionId, List<SurveyRecipient> trainees, CancellationToken cancellationToken)
    {
        if (await attendance.ReadAsync(sessionId, cancellationToken) is not { } summary) return trainees;
        var present = summary.Trainees.Where(t => t.MinutesAttended > 0).Select(t => t.TraineeKey).ToHashSet(StringComparer.Ordinal);
        return [.. trainees.Where(t => present.Contains(t.RespondentKey))];
    }

    /// <summary>The organisations that paid for trainees of sessions that ended in <paramref name="year"/>, one invitation per payer address.</summary>
    private async Task<(int, int)> EmployersAsync(int year, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var partition = SurveyKeys.EmployerPartition(year);
        var rows = (await store.PartitionAsync(partition, cancellationToken)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var invitations = 0;
        var payers = new Dictionary<string, SurveyRecipient>(StringComparer.Ordinal);
        foreach (var session in catalogue.Courses.SelectMany(c => c.Sessions).Where(s => s.End.Year == year))
            foreach (var enrolment in await enrolments.HoldingPlacesAsync(session.Id, cancellationToken))
                if (enrolment.Payer.Kind == PayerKind.Organisation)
                    payers.TryAdd(locks.TraineeKey(enrolment.Payer.Email), new SurveyRecipient(locks.TraineeKey(enrolment.Payer.Email), enrolment.Id, null));
        foreach (var recipient in payers.Values)
            if (!rows.ContainsKey(SurveyKeys.Invitation(SurveyKind.Employer, recipient.RespondentKey))
                && await store.SendAsync(partition, SurveyKind.Employer, recipient, reminder: false, now, cancellationToken))
                invitations++;
        var reminders = await RemindAsync(partition, SurveyKind.Employer, rows, now, (k, at) => SurveySchedule.ReminderDue(k, at, now), cancellationToken);
        return (invitations, reminders);
    }
}
