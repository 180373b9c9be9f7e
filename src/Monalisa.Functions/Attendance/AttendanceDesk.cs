using System.Security.Cryptography;
using System.Text;
using Monalisa.Content;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Attendance;

/// <summary>A session as the attendance pages see it: its course, its half-days, its trainees (names for the pages only).</summary>
internal sealed record AttendanceSession(Course Course, CourseSession Session, IReadOnlyList<HalfDay> HalfDays, IReadOnlyList<SessionTrainee> Trainees)
{
    public SessionTrainee? Trainee(string? traineeKey) => Trainees.FirstOrDefault(t => t.TraineeKey == traineeKey);
}

/// <summary>What an attendance action came to: done, or refused with the field and a French message (and the HTTP status).</summary>
internal sealed record AttendanceResult(string? Field, string? Refusal, int Status = 200)
{
    public static readonly AttendanceResult Done = new(null, null);
    public bool Refused => Refusal is not null;
    public static AttendanceResult From<T>(AttendanceDecision<T> decision) where T : class =>
        decision.Refused ? new(decision.Field, decision.Refusal, 409) : Done;
    public static AttendanceResult Invalid(string field, string message) => new(field, message, 400);
    public static AttendanceResult Busy() => new(AttendanceDecisions.HalfDayField, "Trop de modifications en même temps sur cette session : réessayez dans un instant.", 503);
}

/// <summary>
/// Runs an attendance action: reads the session's partition, asks <see cref="AttendanceDecisions"/>, writes the decision
/// (under If-Match, again on a conflict), and tells Certificates when a closed session's hours are final or change.
/// </summary>
internal sealed class AttendanceDesk(AttendanceStore store, EnrolmentStore enrolments, CourseCatalogue catalogue, TraineeLocks locks,
    ICertificateTrigger certificates, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<AttendanceSession?> SessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (catalogue.FindSession(sessionId) is not { } found) return null;
        var trainees = (await enrolments.HoldingPlacesAsync(sessionId, cancellationToken))
            .SelectMany(e => e.Trainees.Select(t => new SessionTrainee(e.Id, locks.TraineeKey(t.Email), t.FirstName, t.LastName)))
            .OrderBy(t => t.LastName, StringComparer.Create(Domain.Text.FrenchFormat.Culture, true)).ThenBy(t => t.FirstName, StringComparer.Create(Domain.Text.FrenchFormat.Culture, true))
            .ToList();
        return new AttendanceSession(found.Course, found.Session, HalfDay.Of(found.Course, found.Session), trainees);
    }

    public Task<StoredAttendance> LoadAsync(string sessionId, CancellationToken cancellationToken) => store.LoadAsync(sessionId, cancellationToken);

    public static string StatementOf(AttendanceSession session, HalfDay halfDay, SessionTrainee trainee) =>
        AttendanceWriter.Statement(session.Course, halfDay, trainee.FullName);

    public Task<AttendanceResult> OpenAsync(AttendanceSession session, HalfDay halfDay, string by, CancellationToken cancellationToken) =>
        SheetChangeAsync(session, halfDay, sheet => AttendanceDecisions.Open(halfDay, sheet, by, AttendanceCode.NewSecret(), Now), cancellationToken);

    public Task<AttendanceResult> SignAsync(AttendanceSession session, HalfDay halfDay, SessionTrainee trainee, SigningMeans means, string? code, bool ticked,
        string? userAgent, CancellationToken cancellationToken)
    {
        var statement = AttendanceWriter.Sha256(StatementOf(session, halfDay, trainee));
        var device = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userAgent ?? "")));
        return SheetChangeAsync(session, halfDay, sheet => AttendanceDecisions.Sign(halfDay, sheet, trainee, means, code, ticked, statement, device, Now), cancellationToken);
    }

    public Task<AttendanceResult> MarkAsync(AttendanceSession session, HalfDay halfDay, SessionTrainee trainee, PresenceKind kind, TimeOnly? time, string by, CancellationToken cancellationToken) =>
        SheetChangeAsync(session, halfDay, sheet => AttendanceDecisions.Mark(halfDay, sheet, trainee, kind, time, by, Now), cancellationToken);

    /// <summary>The countersigned sheet and the rewritten summary, one transaction.</summary>
    public Task<AttendanceResult> CountersignAsync(AttendanceSession session, HalfDay halfDay, string? trainerName, string by, CancellationToken cancellationToken) =>
        OptimisticRetry.RunAsync(async _ =>
        {
            var stored = await store.LoadAsync(session.Session.Id, cancellationToken);
            var decision = AttendanceDecisions.Countersign(halfDay, stored.Sheet(halfDay.Id), trainerName, by, Now);
            if (decision.Refused) return AttendanceResult.From(decision);
            var sheets = stored.AllSheets.Where(s => s.HalfDayId != halfDay.Id).Append(decision.Value!).ToList();
            var summary = Summarise(session, sheets, stored.Corrections, stored.Summary?.Version ?? 1, stored.Summary?.ClosedAt);
            return await store.CountersignAsync(session.Session.Id, decision.Value!, stored.ETagOf(halfDay.Id), summary, stored.SummaryETag, cancellationToken)
                ? AttendanceResult.Done : null;
        }, AttendanceResult.Busy, cancellationToken);

    /// <summary>A logged staff correction: its row and the summary (Version + 1) in one transaction; a closed session's certificates are told.</summary>
    public async Task<AttendanceResult> CorrectAsync(AttendanceSession session, HalfDay halfDay, SessionTrainee trainee, PresenceKind kind, TimeOnly? time, string? reason,
        string by, CancellationToken cancellationToken)
    {
        var closed = false;
        var result = await OptimisticRetry.RunAsync(async _ =>
        {
            var stored = await store.LoadAsync(session.Session.Id, cancellationToken);
            var decision = AttendanceDecisions.Correct(halfDay, stored.Sheet(halfDay.Id), trainee, kind, time, reason, by, Now);
            if (decision.Refused) return AttendanceResult.From(decision);
            var summary = Summarise(session, stored.AllSheets, [.. stored.Corrections, decision.Value!], (stored.Summary?.Version ?? 1) + 1, stored.Summary?.ClosedAt);
            closed = summary.Closed;
            return await store.CorrectAsync(session.Session.Id, decision.Value!, summary, stored.SummaryETag, cancellationToken) ? AttendanceResult.Done : null;
        }, AttendanceResult.Busy, cancellationToken);
        if (!result.Refused && closed) await certificates.SessionClosedAsync(session.Session.Id, cancellationToken);
        return result;
    }

    /// <summary>Closes the session once every half-day is countersigned, then asks for its certificates.</summary>
    public async Task<AttendanceResult> CloseAsync(AttendanceSession session, CancellationToken cancellationToken)
    {
        var result = await OptimisticRetry.RunAsync(async _ =>
        {
            var stored = await store.LoadAsync(session.Session.Id, cancellationToken);
            var current = stored.Summary ?? Summarise(session, stored.AllSheets, stored.Corrections, 1, null);
            var decision = AttendanceDecisions.Close(current, stored.AllSheets, Now);
            if (decision.Refused) return AttendanceResult.From(decision);
            if (current.Closed) return AttendanceResult.Done;
            return await store.CloseAsync(decision.Value!, stored.SummaryETag, cancellationToken) ? AttendanceResult.Done : null;
        }, AttendanceResult.Busy, cancellationToken);
        if (!result.Refused) await certificates.SessionClosedAsync(session.Session.Id, cancellationToken);
        return result;
    }

    public static SessionAttendance Summarise(AttendanceSession session, IReadOnlyList<HalfDaySheet> sheets, IReadOnlyList<AttendanceCorrection> corrections, int version, DateTimeOffset? closedAt) =>
        AttendanceDecisions.Summarise(session.Course.Slug, session.Session.Id, session.HalfDays, session.Trainees, sheets, corrections, version, closedAt);

    private Task<AttendanceResult> SheetChangeAsync(AttendanceSession session, HalfDay halfDay, Func<HalfDaySheet, AttendanceDecision<HalfDaySheet>> decide, CancellationToken cancellationToken) =>
        OptimisticRetry.RunAsync(async _ =>
        {
            var stored = await store.LoadAsync(session.Session.Id, cancellationToken);
            var sheet = stored.Sheet(halfDay.Id);
            var decision = decide(sheet);
            if (decision.Refused) return AttendanceResult.From(decision);
            if (ReferenceEquals(decision.Value, sheet)) return AttendanceResult.Done;
            return await store.SaveSheetAsync(session.Session.Id, decision.Value!, stored.ETagOf(halfDay.Id), cancellationToken) ? AttendanceResult.Done : null;
        }, AttendanceResult.Busy, cancellationToken);
}
