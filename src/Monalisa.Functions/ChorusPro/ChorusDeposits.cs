using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Content;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Invoicing;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.ChorusPro;

/// <summary>
/// Deposits public buyers' invoices in Chorus Pro and follows them. Invoicing writes a <c>chorus|{number}</c> row
/// (<c>Status=ToDeposit</c>) in the same transaction as the invoice; this worker claims it (If-Match on the row, with
/// a lease), deposits the PDF, submits its structured data and records the Chorus Pro id. Exactly once: a row is
/// claimed by one run at a time, and a run that finds a row claimed before (a crash, a lost lease) first asks Chorus Pro
/// whether that number was already submitted, and records it instead of submitting it again.
/// </summary>
internal sealed partial class ChorusDeposits(
    TableServiceClient tables,
    StorageSetup storage,
    ChorusProClient client,
    ChorusDirectory directory,
    ILedgerDocuments ledger,
    SiteSettings site,
    ChorusProSettings settings,
    OutboxDispatcher outbox,
    TimeProvider clock,
    ILogger<ChorusDeposits> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>Deposits every row waiting (or whose lease ran out); how many were deposited.</summary>
    public async Task<int> DepositDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deposited = 0;
        foreach (var row in await RowsAsync(cancellationToken))
        {
            var status = ChorusRow.StatusOf(row);
            var leaseOver = row.GetDateTimeOffset(ChorusRow.LeaseUntil) is not { } until || until <= now;
            if (status == ChorusStatus.ToDeposit || (status == ChorusStatus.Depositing && leaseOver))
                if (await DepositAsync(row, cancellationToken)) deposited++;
        }
        return deposited;
    }

    private async Task<bool> DepositAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(TableNames.Ledger);
        var number = row.RowKey[LedgerKeys.ChorusPrefix.Length..];
        var attempts = (row.GetInt32(ChorusRow.Attempts) ?? 0) + 1;
        // Claimed before: that run may have submitted the invoice before it stopped.
        var lookFirst = attempts > 1 || ChorusRow.StatusOf(row) == ChorusStatus.Depositing;
        var now = clock.GetUtcNow();
        row[ChorusRow.Status] = nameof(ChorusStatus.Depositing);
        row[ChorusRow.LeaseUntil] = now + Lease;
        row[ChorusRow.Attempts] = attempts;
        row[ChorusRow.UpdatedAt] = now;
        ETag etag;
        try
        {
            etag = (await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag!.Value;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false; // another run claimed it first
        }

        try
        {
            var chorusId = (lookFirst ? await FindSubmittedAsync(number, cancellationToken) : null) ?? await SubmitAsync(number, cancellationToken);
            row[ChorusRow.Status] = nameof(ChorusStatus.Deposited);
            row[ChorusRow.ChorusInvoiceId] = chorusId;
            row[ChorusRow.ChorusState] = "DEPOSEE";
            row[ChorusRow.Reason] = null;
            row[ChorusRow.UpdatedAt] = clock.GetUtcNow();
            await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (ChorusProException e) when (e.Transient && attempts < settings.MaxDepositAttempts)
        {
            logger.LogWarning("Chorus Pro deposit of {Number} failed (attempt {Attempt}), will retry: {Reason}", number, attempts, e.Message);
            row[ChorusRow.Status] = nameof(ChorusStatus.ToDeposit);
            row[ChorusRow.Reason] = e.Message;
            row[ChorusRow.UpdatedAt] = clock.GetUtcNow();
            await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            return false;
        }
        catch (ChorusProException e)
        {
            // Refused by Chorus Pro (a business error), or still failing after every attempt: staff take over.
            logger.LogWarning("Chorus Pro deposit of {Number} refused: {Reason}", number, e.Message);
            row.ETag = etag;
            await AlertStaffAsync(row, e.Transient ? ChorusStatus.Failed : ChorusStatus.Rejected, e.Message, cancellationToken);
            return false;
        }
    }

    /// <summary>Deposits the PDF as issued (never re-rendered), then submits the invoice's data with it: its Chorus Pro id.</summary>
    private async Task<long> SubmitAsync(string number, CancellationToken cancellationToken)
    {
        var issued = await ledger.GetAsync(number, cancellationToken)
            ?? throw new ChorusProException(transient: true, "document absent du registre");
        var supplier = await directory.FindAsync(site.Legal.Siret.Replace(" ", "", StringComparison.Ordinal), cancellationToken)
            ?? throw new ChorusProException(transient: false, "le SIRET de l'organisme de formation n'a pas de structure active dans Chorus Pro");
        var deposit = await client.PostAsync("factures/v1/deposer/pdf", ChorusInvoicePayload.Deposit(number, issued.Pdf), cancellationToken);
        var attachment = Number(deposit["pieceJointeId"]) ?? throw new ChorusProException(transient: false, "dépôt sans pieceJointeId");
        var submitted = await client.PostAsync("factures/v1/soumettre", ChorusInvoicePayload.Submit(issued.Document, supplier.Id, attachment), cancellationToken);
        return Number(submitted["identifiantFactureCPP"]) ?? throw new ChorusProException(transient: false, "soumission sans identifiantFactureCPP");
    }

    /// <summary>The Chorus Pro id of an invoice already submitted under this number, if any.</summary>
    private async Task<long?> FindSubmittedAsync(string number, CancellationToken cancellationToken)
    {
        var answer = await client.PostAsync("factures/v1/rechercher/fournisseur", new JsonObject { ["numeroFacture"] = number }, cancellationToken);
        return (answer["listeFactures"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(f => f["numeroFacture"]?.ToString() == number)
            .Select(f => Number(f["identifiantFactureCPP"]))
            .FirstOrDefault(id => id is not null);
    }

    /// <summary>The row's new status and reason, and the staff email, in one transaction; then the email is queued.</summary>
    private async Task AlertStaffAsync(TableEntity row, ChorusStatus status, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        row[ChorusRow.Status] = status.ToString();
        row[ChorusRow.Reason] = reason;
        row[ChorusRow.UpdatedAt] = now;
        var email = OutboxRecord.Create(LedgerKeys.Partition, row.RowKey, EmailKind.StaffChorusRejected, RecipientRole.Staff, now);
        try
        {
            await tables.GetTableClient(TableNames.Ledger).SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag), new TableTransactionAction(TableTransactionActionType.Add, email)],
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            return; // another run changed the row meanwhile: it decides
        }
        await outbox.EnqueueAsync(TableNames.Ledger, [email], cancellationToken);
    }

    private async Task<List<TableEntity>> RowsAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LedgerKeys.Partition} and RowKey ge {LedgerKeys.ChorusPrefix} and RowKey lt {Keys.RangeEnd(LedgerKeys.ChorusPrefix)}");
        var rows = new List<TableEntity>();
        await foreach (var row in tables.GetTableClient(TableNames.Ledger).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            rows.Add(row);
        return rows;
    }

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<long>() : null;
}
