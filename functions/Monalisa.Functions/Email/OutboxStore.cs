using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Email;

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
    public static readonly string[] Tables = [TableNames.Enrolments, TableNames.IntraRequests];

    private async Task<TableClient> TableAsync(string table)
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(table);
    }

    public async Task<TableEntity?> GetAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!Tables.Contains(message.Table) || !message.RowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal)) return null;
        var table = await TableAsync(message.Table);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(message.PartitionKey, message.RowKey, cancellationToken: cancellationToken);
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
            (OutboxRecord.Status, OutboxRecord.Pending), (OutboxRecord.DueAt, dueAt), (OutboxRecord.Enqueued, false),
            (OutboxRecord.LastError, error), (OutboxRecord.LeaseUntil, null));

    public Task MarkFinalAsync(string table, TableEntity record, string status, string reason, CancellationToken cancellationToken) =>
        MergeAsync(table, record, record.ETag, cancellationToken,
            (OutboxRecord.Status, status), (OutboxRecord.LastError, reason), (OutboxRecord.LeaseUntil, null));

    /// <summary>
    /// Records the sweep must hand out again: pending and due (never enqueued after the grace, or a retry whose time
    /// came, or enqueued over an hour ago and still waiting: a lost message), and « sending » past their lease (a crash).
    /// </summary>
    public async IAsyncEnumerable<(string Table, TableEntity Record)> DueAsync(DateTimeOffset now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lost = now - TimeSpan.FromHours(1);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.OutboxPrefix} and RowKey lt {Keys.RangeEnd(Keys.OutboxPrefix)} and ((Status eq {OutboxRecord.Pending} and ((Enqueued eq {false} and DueAt le {now}) or DueAt le {lost})) or (Status eq {OutboxRecord.Sending} and LeaseUntil le {now}))");
        foreach (var name in Tables)
        {
            var table = await TableAsync(name);
            await foreach (var record in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                yield return (name, record);
        }
    }

    /// <summary>Puts the pointer on the queue and notes it, so the sweep leaves the record alone for a while.</summary>
    public async Task EnqueueAsync(string table, TableEntity record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(QueueNames.EmailOutbox);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new OutboxMessage(table, record.PartitionKey, record.RowKey)), cancellationToken);
        var mark = new TableEntity(record.PartitionKey, record.RowKey) { [OutboxRecord.Enqueued] = true };
        if (record.GetString(OutboxRecord.Status) == OutboxRecord.Pending) mark[OutboxRecord.DueAt] = now;
        await (await TableAsync(table)).UpdateEntityAsync(mark, ETag.All, TableUpdateMode.Merge, cancellationToken);
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
