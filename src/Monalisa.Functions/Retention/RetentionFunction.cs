using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.IntraRequests;

namespace Monalisa.Functions.Retention;

// Retention spans features (enrolments, intra requests, idempotency keys): it has a folder of its own, so that
// Enrolment need not know intra requests.

/// <summary>
/// Every night: anonymises enrolments <c>Retention:Months</c> (default 36) after their session ended, and intra requests
/// as long after they were received; forgets idempotency keys after a day.
/// </summary>
internal sealed class RetentionFunction(
    EnrolmentStore enrolments, IntraRequestStore intraRequests, IdempotencyStore idempotency,
    EnrolmentOptions options, TimeProvider clock, ILogger<RetentionFunction> logger, Attendance.AttendanceStore attendance)
{
    /// <summary>Supporting documents of a training action: 6 years (LEGAL-FR, retention row); see docs/legal.md « Émargement ».</summary>
    public const int AttendanceProofYears = 6;

    [Function("ApplyRetention")]
    public async Task Run([TimerTrigger("0 30 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var count = await ApplyAsync(cancellationToken);
        if (count > 0) logger.LogInformation("Retention: {Count} records anonymised.", count);
    }

    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddMonths(-options.RetentionMonths);
        var anonymised = 0;

        await foreach (var enrolment in enrolments.EndedBeforeAsync(cutoff, cancellationToken))
        {
            if (await enrolments.AnonymiseAsync(enrolment, now, cancellationToken)) anonymised++;
        }
        anonymised += await intraRequests.AnonymiseReceivedBeforeAsync(cutoff, cancellationToken);
        await idempotency.PurgeOlderThanAsync(TimeSpan.FromDays(1), cancellationToken);
        // Attendance proof (pseudonymous, scans included) is kept as long as a training action's supporting documents.
        await attendance.PurgeEndedBeforeAsync(DateOnly.FromDateTime(now.AddYears(-AttendanceProofYears).UtcDateTime), cancellationToken);
        return anonymised;
    }
}
