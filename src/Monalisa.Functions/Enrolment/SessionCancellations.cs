using Azure;
using Azure.Data.Tables;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// A session staff cancelled (trainer ill, too few trainees): one row, <c>session|cancelled</c>, in the session's
/// partition of the Enrolments table, written before its enrolments are cancelled, so that no new enrolment is taken
/// while (and after) they are. Staff's reason and name are kept on it.
/// </summary>
internal sealed class SessionCancellations(TableServiceClient tables, StorageSetup storage, TimeProvider clock, SeatHints hints)
{
    public const string RowKey = "session|cancelled";

    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Enrolments);
    }

    public async Task<bool> IsCancelledAsync(string sessionId, CancellationToken cancellationToken) =>
        (await (await TableAsync()).GetEntityIfExistsAsync<TableEntity>(sessionId, RowKey, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>Marks the session cancelled; a second call (a retry, a resumed run) keeps the first reason and says so.</summary>
    public async Task<string> MarkAsync(string sessionId, string reason, string by, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        try
        {
            await table.AddEntityAsync(new TableEntity(sessionId, RowKey) { ["Reason"] = reason, ["By"] = by, ["At"] = clock.GetUtcNow() }, cancellationToken);
            // The course pages of this process show the session without places from now on (LiveSeats).
            hints.Forget(sessionId);
            return reason;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(sessionId, RowKey, cancellationToken: cancellationToken);
            return existing.Value.GetString("Reason") ?? reason;
        }
    }
}
