using Azure.Data.Tables;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.ChorusPro;

/// <summary>Where a public buyer's invoice stands in Chorus Pro, as its <c>chorus|</c> row says.</summary>
internal sealed record ChorusDeposit(string Number, ChorusStatus Status, long? ChorusInvoiceId, string? ChorusState, string? Reason, DateTimeOffset? UpdatedAt);

/// <summary>Reads one invoice's Chorus Pro row (the staff alert, and any reader outside the deposit worker).</summary>
internal sealed class ChorusStatusReader(TableServiceClient tables, StorageSetup storage)
{
    public async Task<ChorusDeposit?> GetAsync(string number, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var found = await tables.GetTableClient(TableNames.Ledger).GetEntityIfExistsAsync<TableEntity>(LedgerKeys.Partition, LedgerKeys.Chorus(number), cancellationToken: cancellationToken);
        if (!found.HasValue || ChorusRow.StatusOf(found.Value!) is not { } status) return null;
        var row = found.Value!;
        return new ChorusDeposit(number, status, row.GetInt64(ChorusRow.ChorusInvoiceId), row.GetString(ChorusRow.ChorusState), row.GetString(ChorusRow.Reason), row.GetDateTimeOffset(ChorusRow.UpdatedAt));
    }
}
