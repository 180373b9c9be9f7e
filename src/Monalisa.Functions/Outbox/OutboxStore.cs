using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Outbox;

/// <summary>An outbox record's sending state, counted per enrolment for the staff export.</summary>
internal sealed record EmailCounts(int Sent, int Failed, int Pending)
{
    public static readonly EmailCounts None = new(0, 0, 0);
}

/// <summary>
/// The outbox records' life after their write: claimed with an ETag-conditional update, then marked sent, scheduled
/// for a retry, failed or skipped. Records live next to what they are about (see <see cref="OutboxRecord"/>).
/// </summary>
internal sealed class OutboxStore(TableServiceClient tables, QueueServiceClient queues, StorageSetup storage)
{
    /// <summary>The tables that hold outbox records; a queue message naming another is ignored.</summary>
    public static readonly string[] Tables = [TableNames.Enrolments, TableNames.IntraRequests, TableNames.Ledger, TableNames.Certificates, TableNames.Surveys];

    private async Task<TableClient> TableAsync(string table)
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(table);
    }

    public async Task<TableEntity?> GetAsync(OutboxPointer pointer, CancellationToken cancellationToken)
    {
        if (!Tables.Contains(pointer.Table) || !pointer.RowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal)) return null;
        var table = await TableAsync(pointer.Table);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(pointer.PartitionKey, pointer.RowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// pending → sending, only if nobody changed the record since <paramref name="record"/> was read (If-Match):
    /// of two deliveries racing for one record, exactly one gets it. Null if another won.
    /// </summary>
    public async Task<TableEntity?> TryClaimAsync(string table, TableEntity record, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(record.PartitionKey, record.RowKey)
        {
            [OutboxRecord.Status] = OutboxRecord.Sending,
            [OutboxRecord.LeaseUntil] = leaseUntil,
            [OutboxRecord.Attempts] = (record.GetInt32(OutboxRecord.Attempts) ?? 0) + 1,
        };
        try
        {
            var response = await (await TableAsync(table)).UpdateEntityAsync(claim, record.ETag, TableUpdateMode.Merge, cancellationToken);
            foreach (var (key, value) in claim) record[key] = value;
            record.ETag = response.Headers.ETag ?? ETag.All;
            return record;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Sent is the truth once the provider accepted: written whatever happened to the lease meanwhile.</summary>
    public Task MarkSentAsync(string table, TableEntity record, DateTimeOffset now, string? providerMessageId, CancellationToken cancellationToken) =>
        MergeAsync(table, record, ETag.All, cancellationToken,
            (OutboxRecord.Status, OutboxRecord.Sent), (OutboxRecord.SentAt, now), (OutboxRecord.ProviderMessageId, providerMessageId),
            (OutboxRecord.LeaseUntil, null));

    /// <summary>Back to pending, due at <paramref name="dueAt"/>: the sweep re-queues it then.</summary>
    public Task ScheduleRetryAsync(string table, TableEntity record, DateTimeOffset dueAt, string error, CancellationToken cancellationToken) =>
        MergeAsync(table, record, record.ETag, cancellationToken,
            (OutboxRecord.Status, OutboxRecord.Pending), (OutboxRecord.DueAt, dueAt), (OutboxRecord.SweepAt, dueAt),
            (OutboxRecord.LastError, error), (OutboxRecord.LeaseUntil, null));

    public Task MarkFinalAsync(string table, TableEntity record, string status, string reason, CancellationToken cancellationToken) =>
        MergeAsync(table, record, record.ETag, cancellationToken,
            (OutboxRecord.Status, status), (OutboxRecord.LastError, reason), (OutboxRecord.LeaseUntil, null));

    /// <summary>
    /// Records the sweep must hand out again: pending past their <see cref="OutboxRecord.SweepAt"/> (never enqueued,
    /// a retry whose time came, or a message lost or left unread), and « sending » past their lease (a crash).
    /// </summary>
    public async IAsyncEnumerable<(string Table, TableEntity Record)> DueAsync(DateTimeOffset now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.OutboxPrefix} and RowKey lt {Keys.RangeEnd(Keys.OutboxPrefix)} and ((Status eq {OutboxRecord.Pending} and SweepAt le {now}) or (Status eq {OutboxRecord.Sending} and LeaseUntil le {now}))");
        foreach (var name in Tables)
        {
            var table = await TableAsync(name);
            await foreach (var record in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                yield return (name, record);
        }
    }

    /// <summary>
    /// Puts one message for records of one partition, then moves the pending ones' next sweep
    /// <see cref="OutboxRecord.RequeueInterval"/> later, so a slow consumer gets one more message at most that often.
    /// </summary>
    public async Task RequeueAsync(string table, string partitionKey, IReadOnlyList<TableEntity> records, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = new OutboxMessage(table, partitionKey, [.. records.Select(r => r.RowKey)]);
        await queues.GetQueueClient(QueueNames.EmailOutbox).SendMessageAsync(message.ToJson(), cancellationToken);
        foreach (var record in records.Where(r => r.GetString(OutboxRecord.Status) == OutboxRecord.Pending))
        {
            try
            {
                await MergeAsync(table, record, record.ETag, cancellationToken, (OutboxRecord.SweepAt, now + OutboxRecord.RequeueInterval));
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // A delivery claimed it (or retention removed it) meanwhile: nothing to move.
            }
        }
    }

    /// <summary>Sent, failed and pending emails per enrolment RowKey, for one session's partition.</summary>
    public async Task<Dictionary<string, EmailCounts>> CountsForSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(TableNames.Enrolments);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.OutboxPrefix} and RowKey lt {Keys.RangeEnd(Keys.OutboxPrefix)}");
        var counts = new Dictionary<string, EmailCounts>(StringComparer.Ordinal);
        await foreach (var record in table.QueryAsync<TableEntity>(filter, select: [OutboxRecord.Subject, OutboxRecord.Status], cancellationToken: cancellationToken))
        {
            var subject = record.GetString(OutboxRecord.Subject) ?? "";
            var c = counts.GetValueOrDefault(subject, EmailCounts.None);
            counts[subject] = record.GetString(OutboxRecord.Status) switch
            {
                OutboxRecord.Sent => c with { Sent = c.Sent + 1 },
                OutboxRecord.Failed => c with { Failed = c.Failed + 1 },
                OutboxRecord.Skipped => c,
                _ => c with { Pending = c.Pending + 1 },
            };
        }
        return counts;
    }

    private async Task MergeAsync(string table, TableEntity record, ETag ifMatch, CancellationToken cancellationToken, params (string Key, object? Value)[] values)
    {
        var change = new TableEntity(record.PartitionKey, record.RowKey);
        foreach (var (key, value) in values) change[key] = value;
        await (await TableAsync(table)).UpdateEntityAsync(change, ifMatch, TableUpdateMode.Merge, cancellationToken);
    }
}
