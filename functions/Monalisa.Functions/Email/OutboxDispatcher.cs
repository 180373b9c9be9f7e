using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Email;

/// <summary>
/// After a transaction that wrote outbox records commits, puts one queue message per record and marks it enqueued.
/// A failure here loses nothing: the records stay « not enqueued » and the sweep re-queues them.
/// </summary>
internal sealed class OutboxDispatcher(TableServiceClient tables, QueueServiceClient queues, ILogger<OutboxDispatcher> logger)
{
    public async Task EnqueueAsync(string table, IEnumerable<TableEntity> records, CancellationToken cancellationToken = default)
    {
        var queue = queues.GetQueueClient(QueueNames.EmailOutbox);
        var tableClient = tables.GetTableClient(table);
        foreach (var record in records.Where(r => r.RowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal)))
        {
            try
            {
                await EnqueueOneAsync(queue, tableClient, table, record.PartitionKey, record.RowKey, cancellationToken);
            }
            catch (Exception e) when (e is RequestFailedException || Http.StorageFaults.IsUnavailable(e))
            {
                // The sweep will pick it up; only ids are logged.
                logger.LogWarning(e, "Outbox record {Table}/{RowKey} not enqueued; the sweep will retry.", table, record.RowKey);
            }
        }
    }

    public static async Task EnqueueOneAsync(QueueClient queue, TableClient table, string tableName, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Serialize(new OutboxMessage(tableName, partitionKey, rowKey));
        await queue.SendMessageAsync(message, cancellationToken);
        var mark = new TableEntity(partitionKey, rowKey) { [OutboxRecord.Enqueued] = true };
        await table.UpdateEntityAsync(mark, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}
