using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Content;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Certificates;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Certificates;

/// <summary>
/// Issues what a session's closed attendance calls for (<see cref="CertificatePlan"/>), trainee by trainee: the
/// trainee's new documents with their PDF and the emails that send them are ONE transaction of inserts. A redelivered
/// message, the sweep or a second instance finds the rows already there (the insert fails, or the plan says nothing
/// is due), so nothing is issued or sent twice.
/// </summary>
internal sealed class CertificateIssuer(
    AttendanceSummaries summaries, CertificateStore store, EnrolmentStore enrolments, TraineeLocks locks, CourseCatalogue catalogue,
    CertificatePrinter printer, SiteSettings settings, OutboxDispatcher outbox, TimeProvider clock, ILogger<CertificateIssuer> logger)
{
    /// <summary>Brings the session's documents up to date; how many documents this run issued.</summary>
    public async Task<int> RunAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (await summaries.ReadAsync(sessionId, cancellationToken) is not { Closed: true } summary) return 0;
        if (catalogue.FindSession(sessionId) is not { } found)
        {
            logger.LogWarning("Session {SessionId}: closed attendance but no such session in the catalogue; no certificate issued.", sessionId);
            return 0;
        }
        var issued = 0;
        // Per trainee: a conflict (another delivery got there first) is settled by deciding again from what is stored.
        for (var round = 0; round < 3; round++)
        {
            var decision = CertificatePlan.Decide(summary, await store.AssessmentsAsync(sessionId, cancellationToken), await store.IssuedAsync(sessionId, cancellationToken));
            if (decision.ByTrainee.Count == 0) return issued;
            var conflict = false;
            foreach (var issues in decision.ByTrainee)
            {
                var written = await IssueAsync(summary, found.Course, found.Session, issues, cancellationToken);
                if (written < 0) conflict = true;
                else issued += written;
            }
            if (!conflict) return issued;
        }
        return issued;
    }

    /// <summary>One trainee's documents: how many were issued, 0 if none could be, -1 if another delivery issued them first.</summary>
    private async Task<int> IssueAsync(SessionAttendance summary, Course course, CourseSession session, IReadOnlyList<CertificateIssue> issues, CancellationToken cancellationToken)
    {
        var first = issues[0].Trainee;
        if (await enrolments.GetAsync(first.EnrolmentId, cancellationToken) is not { AnonymisedAt: null } enrolment)
        {
            logger.LogWarning("Session {SessionId}: enrolment {EnrolmentId} missing or anonymised; no certificate issued.", summary.SessionId, first.EnrolmentId);
            return 0;
        }
        if (TraineeOf(enrolment, first.TraineeKey) is not { } trainee)
        {
            logger.LogWarning("Session {SessionId}: a trainee of enrolment {EnrolmentId} is no longer on it; no certificate issued.", summary.SessionId, enrolment.Id);
            return 0;
        }
        var assessment = (await store.AssessmentsAsync(summary.SessionId, cancellationToken))
            .FirstOrDefault(a => a.EnrolmentId == first.EnrolmentId && a.TraineeKey == first.TraineeKey);
        var now = clock.GetUtcNow();
        var sessionEnd = new DateTimeOffset(session.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var documents = new List<TableEntity>();
        foreach (var issue in issues)
        {
            var content = CertificateContent.For(issue, course, session, enrolment, trainee, settings.CertificateProvider(), assessment, summary.PlannedMinutes, now);
            var issued = new IssuedCertificate(first.EnrolmentId, first.TraineeKey, issue.Kind, issue.Version, first.MinutesAttended, now);
            documents.Add(CertificateRows.CertificateEntity(summary.SessionId, issued, summary.PlannedMinutes, sessionEnd, printer.Print(content)));
        }
        // One email to the trainee with the documents attached; an organisation that pays gets its own copy.
        var subject = documents[0].RowKey;
        var list = string.Join(';', documents.Select(d => d.RowKey));
        var emails = new List<TableEntity> { OutboxRecord.Create(summary.SessionId, subject, EmailKind.Certificates, RecipientRole.Trainee, now) };
        if (enrolment.Payer.Kind == PayerKind.Organisation)
            emails.Add(OutboxRecord.Create(summary.SessionId, subject, EmailKind.Certificates, RecipientRole.Payer, now.AddTicks(1)));
        foreach (var email in emails) email[CertificateRows.Documents] = list;
        if (!await store.TryIssueAsync(documents, emails, cancellationToken)) return -1;
        await outbox.EnqueueAsync(TableNames.Certificates, emails, cancellationToken);
        logger.LogInformation("Session {SessionId}: {Count} certificate(s) issued for enrolment {EnrolmentId} (attendance v{Version}).",
            summary.SessionId, documents.Count, enrolment.Id, summary.Version);
        return documents.Count;
    }

    /// <summary>The enrolment's trainee whose pseudonym in the session is <paramref name="traineeKey"/>.</summary>
    public Trainee? TraineeOf(EnrolmentRecord enrolment, string traineeKey) =>
        enrolment.Trainees.FirstOrDefault(t => string.Equals(locks.TraineeKey(t.Email), traineeKey, StringComparison.Ordinal));
}
