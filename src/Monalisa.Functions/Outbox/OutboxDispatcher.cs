using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Outbox;

/// <summary>
/// After a transaction that wrote outbox records commits, puts one queue message naming them. A failure here loses
/// nothing: the records stay pending and the sweep enqueues them once their grace is over.
/// </summary>
internal sealed class OutboxDispatcher(QueueServiceClient queues, ILogger<OutboxDispatcher> logger)
{
    public async Task EnqueueAsync(string table, IEnumerable<TableEntity> records, CancellationToken cancellationToken = default)
    {
        var outbox = records.Where(r => r.RowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal));
        foreach (var change in outbox.GroupBy(r => r.PartitionKey))
        {
            var message = new OutboxMessage(table, change.Key, [.. change.Select(r => r.RowKey)]);
            try
            {
                await queues.GetQueueClient(QueueNames.EmailOutbox).SendMessageAsync(message.ToJson(), cancellationToken);
            }
            catch (Exception e) when (e is RequestFailedException || Http.StorageFaults.IsUnavailable(e))
            {
                // The sweep will pick them up; only ids are logged.
                logger.LogWarning(e, "Outbox records of {Table}/{PartitionKey} not enqueued; the sweep will retry.", table, change.Key);
            }
        }
    }
}
