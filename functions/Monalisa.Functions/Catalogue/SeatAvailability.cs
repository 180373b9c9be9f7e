using Azure.Data.Tables;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Catalogue;

/// <summary>Counts the places taken (held or confirmed) in a session: one seat entity per place.</summary>
internal sealed class SeatAvailability(TableServiceClient tables, StorageSetup storage)
{
    public async Task<int> TakenAsync(string sessionId, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Enrolments);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.SeatPrefix} and RowKey lt {Keys.RangeEnd(Keys.SeatPrefix)}");
        var taken = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            taken++;
        return taken;
    }
}
