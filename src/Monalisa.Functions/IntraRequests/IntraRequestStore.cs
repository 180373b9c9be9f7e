using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.IntraRequests;
using Monalisa.Functions.Email;
using Monalisa.Functions.Http;
using Monalisa.Functions.Storage;
using Monalisa.Domain.Identity;

namespace Monalisa.Functions.IntraRequests;

/// <summary>An intra request as stored, with the quote given at the time.</summary>
internal sealed record IntraRequestRecord(string Id, IntraRequest Request, IReadOnlyList<Domain.Tariffs.QuoteLine> Lines, long TotalCents, string TokenHash, DateTimeOffset ReceivedAt)
{
    public const string Prefix = "request|";
    public string Partition => Id[..Id.LastIndexOf('_')];
    public string RowKey => Prefix + Id;
}

/// <summary>
/// Intra requests: PartitionKey = the month received (<c>yyyy-MM</c>), RowKey = <c>request|{id}</c>, and the emails they
/// call for as <c>outbox|…</c> records in the same partition and transaction.
/// </summary>
internal sealed class IntraRequestStore(TableServiceClient tables, StorageSetup storage, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string PartitionFor(DateTimeOffset receivedAt) => receivedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.IntraRequests);
    }

    /// <summary>Writes the request and its outbox records; false if a request with this id exists (idempotent replay).</summary>
    public async Task<bool> AddAsync(IntraRequestRecord record, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(record)) };
        actions.AddRange(outbox.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    public async Task<IntraRequestRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!RecordId.TryParse(id, out var partition)) return null;
        var table = await TableAsync();
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, IntraRequestRecord.Prefix + id, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<int> AnonymiseReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {IntraRequestRecord.Prefix} and RowKey lt {Keys.RangeEnd(IntraRequestRecord.Prefix)} and ReceivedAt lt {cutoff}");
        var count = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.GetDateTimeOffset("AnonymisedAt") is not null) continue;
            var record = FromEntity(entity);
            var removed = record.Request with { ContactName = "(anonymisé)", Email = "anonymise@anonymise.invalid", Phone = null, Message = null };
            var replacement = ToEntity(record with { Request = removed });
            replacement["AnonymisedAt"] = clock.GetUtcNow();
            try
            {
                await table.UpdateEntityAsync(replacement, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                count++;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404) { }
        }
        return count;
    }

    /// <summary>The requests whose contact is this person (a scan: a few hundred requests a year), with their ETags.</summary>
    public async Task<List<(IntraRequestRecord Record, ETag ETag)>> MentioningAsync(Func<IntraRequest, bool> mentions, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var found = new List<(IntraRequestRecord, ETag)>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {IntraRequestRecord.Prefix} and RowKey lt {Keys.RangeEnd(IntraRequestRecord.Prefix)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var record = FromEntity(entity);
            if (mentions(record.Request)) found.Add((record, entity.ETag));
        }
        return found;
    }

    /// <summary>Replaces a request's contact data if nobody changed it since it was read; false otherwise.</summary>
    public async Task<bool> ReplaceAsync(IntraRequestRecord record, ETag etag, CancellationToken cancellationToken)
    {
        var replacement = ToEntity(record);
        replacement["AnonymisedAt"] = clock.GetUtcNow();
        try
        {
            await (await TableAsync()).UpdateEntityAsync(replacement, etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(IntraRequestRecord r) => new(r.Partition, r.RowKey)
    {
        ["Request"] = JsonSerializer.Serialize(r.Request, Json),
        ["Lines"] = JsonSerializer.Serialize(r.Lines, Json),
        ["TotalCents"] = r.TotalCents,
        ["TokenHash"] = r.TokenHash,
        ["ReceivedAt"] = r.ReceivedAt,
        ["CourseSlug"] = r.Request.CourseSlug,
        ["Participants"] = r.Request.Participants,
    };

    private static IntraRequestRecord FromEntity(TableEntity e) => new(
        e.RowKey[IntraRequestRecord.Prefix.Length..],
        JsonSerializer.Deserialize<IntraRequest>(e.GetString("Request"), Json)!,
        JsonSerializer.Deserialize<List<Domain.Tariffs.QuoteLine>>(e.GetString("Lines"), Json)!,
        e.GetInt64("TotalCents") ?? 0,
        e.GetString("TokenHash"),
        e.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue);
}
