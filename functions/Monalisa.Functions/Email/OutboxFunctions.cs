using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Email;

/// <summary>
/// Sends the email an <c>email-outbox</c> message points to. Only storage faults throw: the host then redelivers, up to
/// host.json's maxDequeueCount (5), then to the poison queue; the record's lease runs out and the sweep takes over.
/// Provider errors are retried by the outbox itself (see <see cref="OutboxSender"/>), never by throwing.
/// </summary>
internal sealed class SendOutboxEmailFunction(OutboxSender sender, ILogger<SendOutboxEmailFunction> logger)
{
    [Function("SendOutboxEmail")]
    public async Task Run([QueueTrigger(QueueNames.EmailOutbox, Connection = SettingNames.Storage)] string message, CancellationToken cancellationToken)
    {
        if (OutboxMessage.TryParse(message) is not { } pointer)
        {
            logger.LogWarning("Outbox queue message ignored: not an outbox pointer.");
            return;
        }
        var outcome = await sender.HandleAsync(pointer, cancellationToken);
        logger.LogInformation("Outbox {RowKey}: {Outcome}.", pointer.RowKey, outcome.GetType().Name);
    }
}

/// <summary>
/// Every minute: hands out again the outbox records that no message will bring — written but never enqueued (a crash
/// between the transaction and the enqueue), retries whose time came, and « sending » leases that ran out.
/// Every minute rather than five, because retries wait for it: a 429's Retry-After is honoured to the minute.
/// </summary>
internal sealed class OutboxSweepFunction(OutboxSweep sweep, ILogger<OutboxSweepFunction> logger)
{
    [Function("SweepOutbox")]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var requeued = await sweep.RunAsync(cancellationToken);
        if (requeued > 0) logger.LogInformation("Outbox sweep re-queued {Count} emails.", requeued);
    }
}

internal sealed class OutboxSweep(OutboxStore store, TimeProvider clock, ILogger<OutboxSweep> logger)
{
    /// <summary>Enqueuing twice is harmless: the claim lets one delivery send.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var count = 0;
        await foreach (var (table, record) in store.DueAsync(now, cancellationToken))
        {
            try
            {
                await store.EnqueueAsync(table, record, now, cancellationToken);
                count++;
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "Outbox record {Table}/{RowKey} not re-queued; next sweep.", table, record.RowKey);
            }
        }
        return count;
    }
}
