using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Documents;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Invoicing;

/// <summary>What issuing gave: the document (new, or the one already issued for that enrolment and index) and its email.</summary>
internal sealed record LedgerIssue(IssuedDocument Issued, BillingDocument Document, IReadOnlyList<TableEntity> Outbox, bool New);

/// <summary>
/// The ledger of invoices and credit notes (Ledger table, one partition: <see cref="LedgerKeys"/>). Issuing is ONE
/// entity-group transaction: the series' counter (If-Match on the ETag read, or an insert when the series starts), the
/// document with its PDF, the <c>for|{enrolment}|{index}</c> row (an insert), the Chorus Pro row of a public buyer and
/// the email's outbox row. Two instances that read the same counter cannot both commit: the loser reads again and takes
/// the next number, so the sequence has no gap and no duplicate. Whoever retries an issue finds the <c>for|</c> row and
/// gets the document already issued, never a second one.
/// </summary>
internal sealed class InvoiceLedger(TableServiceClient tables, StorageSetup storage, TimeProvider clock, IBillingDocumentPrinter printer) : ILedgerDocuments
{
    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Ledger);
    }

    /// <summary>Issues <paramref name="draft"/> (numbered here) as the enrolment's <paramref name="index"/>-th document.</summary>
    public async Task<LedgerIssue> IssueAsync(BillingDocument draft, int index, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var prefix = PrefixOf(draft.Number);
        return await OptimisticRetry.RunAsync(
            _ => TryIssueAsync(table, draft, prefix, index, cancellationToken),
            () => throw new InvalidOperationException("The ledger's counter stayed contended: the issue is left to the next run."),
            cancellationToken, maxAttempts: 200);
    }

    private static string PrefixOf(string draftNumber) => draftNumber.Split('-')[0];

    private async Task<LedgerIssue?> TryIssueAsync(TableClient table, BillingDocument draft, string prefix, int index, CancellationToken cancellationToken)
    {
        if (await FindAsync(table, draft.EnrolmentId, index, cancellationToken) is { } existing) return existing;
        var year = draft.IssueDate.Year;
        var counter = await table.GetEntityIfExistsAsync<TableEntity>(LedgerKeys.Partition, LedgerKeys.Counter(prefix, year), cancellationToken: cancellationToken);
        var last = counter.HasValue ? counter.Value!.GetInt64(LedgerEntities.Last) ?? 0 : 0;
        var document = draft with { Number = DocumentNumber.Format(prefix, year, last + 1) };
        var pdf = printer.Print(document);
        var now = clock.GetUtcNow();
        var outbox = OutboxRecord.Create(LedgerKeys.Partition, LedgerKeys.Document(document.Number),
            document.Kind == DocumentKind.Invoice ? EmailKind.Invoice : EmailKind.CreditNote, RecipientRole.Payer, now);
        var actions = new List<TableTransactionAction>
        {
            counter.HasValue
                ? new(TableTransactionActionType.UpdateReplace, LedgerEntities.Counter(prefix, year, last + 1), counter.Value!.ETag)
                : new(TableTransactionActionType.Add, LedgerEntities.Counter(prefix, year, last + 1)),
            new(TableTransactionActionType.Add, LedgerEntities.Document(document, index, pdf, now)),
            new(TableTransactionActionType.Add, LedgerEntities.For(document.EnrolmentId, index, document.Number)),
            new(TableTransactionActionType.Add, outbox),
        };
        // A public buyer receives its invoices through Chorus Pro, so it receives the credit notes on them the same way.
        if (document.PublicBuyer)
            actions.Add(new(TableTransactionActionType.Add, LedgerEntities.Chorus(document.Number, now)));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return new LedgerIssue(new IssuedDocument(index, document.Kind, document.Number, document.Totals.GrossCents, now), document, [outbox], true);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance took this number, or issued this very document: read again (the for| row answers the latter).
            return null;
        }
    }

    /// <summary>The document already issued as the enrolment's <paramref name="index"/>-th, if any.</summary>
    public async Task<LedgerIssue?> FindAsync(string enrolmentId, int index, CancellationToken cancellationToken) =>
        await FindAsync(await TableAsync(), enrolmentId, index, cancellationToken);

    private static async Task<LedgerIssue?> FindAsync(TableClient table, string enrolmentId, int index, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(LedgerKeys.Partition, LedgerKeys.For(enrolmentId, index), cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        var number = row.Value!.GetString(LedgerEntities.Number);
        var document = (await table.GetEntityAsync<TableEntity>(LedgerKeys.Partition, LedgerKeys.Document(number), cancellationToken: cancellationToken)).Value;
        return new LedgerIssue(LedgerEntities.Issued(document), LedgerEntities.ModelOf(document), [], false);
    }

    public async Task<LedgerDocument?> GetAsync(string number, CancellationToken cancellationToken)
    {
        if (DocumentNumber.Parse(number) is null) return null;
        var row = await (await TableAsync()).GetEntityIfExistsAsync<TableEntity>(LedgerKeys.Partition, LedgerKeys.Document(number), cancellationToken: cancellationToken);
        return row.HasValue ? LedgerEntities.Read(row.Value!) : null;
    }

    /// <summary>How many documents the ledger holds per enrolment (from the keys of the <c>for|</c> rows).</summary>
    public async Task<Dictionary<string, int>> CountsByEnrolmentAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LedgerKeys.Partition} and RowKey ge {LedgerKeys.ForPrefix} and RowKey lt {Keys.RangeEnd(LedgerKeys.ForPrefix)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [LedgerEntities.Number, "RowKey"], cancellationToken: cancellationToken))
        {
            var key = row.RowKey[LedgerKeys.ForPrefix.Length..];
            var enrolmentId = key[..key.LastIndexOf('|')];
            counts[enrolmentId] = counts.GetValueOrDefault(enrolmentId) + 1;
        }
        return counts;
    }

    /// <summary>Every document (model only, without its PDF), oldest number first, with its Chorus Pro status when it has one.</summary>
    public async Task<List<LedgerEntry>> ListAsync(string? enrolmentId, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var columns = new[] { LedgerEntities.Number, LedgerEntities.Kind, LedgerEntities.EnrolmentId, LedgerEntities.Index, LedgerEntities.IssuedAt, LedgerEntities.GrossCents, LedgerEntities.Model };
        var entries = new List<LedgerEntry>();
        var docs = TableClient.CreateQueryFilter($"PartitionKey eq {LedgerKeys.Partition} and RowKey ge {LedgerKeys.DocumentPrefix} and RowKey lt {Keys.RangeEnd(LedgerKeys.DocumentPrefix)}");
        await foreach (var row in table.QueryAsync<TableEntity>(docs, select: columns, cancellationToken: cancellationToken))
            if (enrolmentId is null || row.GetString(LedgerEntities.EnrolmentId) == enrolmentId)
                entries.Add(new LedgerEntry(LedgerEntities.Issued(row), row.GetString(LedgerEntities.EnrolmentId), LedgerEntities.ModelOf(row), null));
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var chorus = TableClient.CreateQueryFilter($"PartitionKey eq {LedgerKeys.Partition} and RowKey ge {LedgerKeys.ChorusPrefix} and RowKey lt {Keys.RangeEnd(LedgerKeys.ChorusPrefix)}");
        await foreach (var row in table.QueryAsync<TableEntity>(chorus, select: [LedgerEntities.Status, "RowKey"], cancellationToken: cancellationToken))
            statuses[row.RowKey[LedgerKeys.ChorusPrefix.Length..]] = row.GetString(LedgerEntities.Status);
        return [.. entries.Select(e => e with { ChorusStatus = statuses.GetValueOrDefault(e.Issued.Number) })];
    }
}

/// <summary>A document as the console lists it.</summary>
internal sealed record LedgerEntry(IssuedDocument Issued, string EnrolmentId, BillingDocument Document, string? ChorusStatus);
