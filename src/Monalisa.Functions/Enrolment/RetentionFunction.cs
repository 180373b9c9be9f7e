using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.IntraRequests;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Every night: anonymises enrolments <c>Retention:Months</c> (default 36) after their session ended, and intra requests
/// as long after they were received; forgets idempotency keys after a day.
/// </summary>
internal sealed class RetentionFunction(
    EnrolmentStore enrolments, IntraRequestStore intraRequests, IdempotencyStore idempotency, TableServiceClient tables,
    EnrolmentOptions options, TimeProvider clock, ILogger<RetentionFunction> logger)
{
    [Function("ApplyRetention")]
    public async Task Run([TimerTrigger("0 30 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var count = await ApplyAsync(cancellationToken);
        logger.LogInformation("Retention: {Count} records anonymised.", count);
    }

    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddMonths(-options.RetentionMonths);
        var anonymised = 0;

        var table = tables.GetTableClient(TableNames.Enrolments);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and SessionEnd lt {cutoff}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var enrolment = EnrolmentRecord.FromEntity(entity);
            if (enrolment.AnonymisedAt is not null) continue;
            if (await enrolments.ReplaceAsync(enrolment.Anonymised(now), cancellationToken))
            {
                await enrolments.DeleteTraineeLocksAsync(enrolment, cancellationToken);
                anonymised++;
            }
        }
        anonymised += await intraRequests.AnonymiseReceivedBeforeAsync(cutoff, cancellationToken);
        await idempotency.PurgeOlderThanAsync(TimeSpan.FromDays(1), cancellationToken);
        return anonymised;
    }
}
