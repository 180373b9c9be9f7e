using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Outbox;

/// <summary>
/// Sends the emails an <c>email-outbox</c> message points to. Only storage faults throw: the host then redelivers, up to
/// host.json's maxDequeueCount (5), then to the poison queue; the record's lease runs out and the sweep takes over.
/// Provider errors are retried by the outbox itself (see <see cref="OutboxSender"/>), never by throwing.
/// </summary>
internal sealed class SendOutboxEmailFunction(OutboxSender sender, ILogger<SendOutboxEmailFunction> logger)
{
    [Function("SendOutboxEmail")]
    public async Task Run([QueueTrigger(QueueNames.EmailOutbox, Connection = SettingNames.Storage)] string message, CancellationToken cancellationToken)
    {
        if (OutboxMessage.TryParse(message) is not { } outbox)
        {
            logger.LogWarning("Outbox queue message ignored: not an outbox message.");
            return;
        }
        // In the order they were planned (payer, trainees, staff). A storage fault throws: the redelivery finds the
        // records already sent and stands down on them.
        foreach (var pointer in outbox.Pointers)
        {
            var outcome = await sender.HandleAsync(pointer, cancellationToken);
            logger.LogInformation("Outbox {RowKey}: {Outcome}.", pointer.RowKey, outcome.GetType().Name);
        }
    }
}

/// <summary>
/// Every minute: hands out again the outbox records that no message will bring — written but never enqueued (a crash
/// between the transaction and the enqueue), retries whose time came, messages lost or left unread, and « sending »
/// leases that ran out.
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
        var due = new List<(string Table, TableEntity Record)>();
        await foreach (var item in store.DueAsync(now, cancellationToken)) due.Add(item);
        var count = 0;
        foreach (var group in due.GroupBy(d => (d.Table, d.Record.PartitionKey)))
        {
            foreach (var chunk in group.Select(d => d.Record).Chunk(OutboxMessage.MaxRecords))
            {
                try
                {
                    await store.RequeueAsync(group.Key.Table, group.Key.PartitionKey, chunk, now, cancellationToken);
                    count += chunk.Length;
                }
                catch (Azure.RequestFailedException e)
                {
                    logger.LogWarning(e, "Outbox records of {Table}/{PartitionKey} not re-queued; next sweep.", group.Key.Table, group.Key.PartitionKey);
                }
            }
        }
        return count;
    }
}
