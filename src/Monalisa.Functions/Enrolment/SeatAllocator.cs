using System.Security.Cryptography;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Which places of a session are free, and the seat rows that take them. A place is taken by inserting its row
/// (<c>seat|NN</c>) in the same transaction as the enrolment: two writers cannot both insert it.
/// </summary>
internal sealed class SeatAllocator(SeatHints hints)
{
    /// <summary>The first attempt of a new enrolment trusts this process's recent view, if any; any doubt reads storage.</summary>
    public async Task<List<int>> FreeForNewAsync(TableClient table, string sessionId, int capacity, int needed, bool firstAttempt, CancellationToken cancellationToken)
    {
        var hinted = firstAttempt ? hints.Taken(sessionId) : null;
        var free = Free(capacity, hinted ?? await TakenAsync(table, sessionId, cancellationToken));
        // Places may have come back elsewhere since: only storage may say the session is full.
        if (free.Count < needed && hinted is not null)
            free = Free(capacity, await TakenAsync(table, sessionId, cancellationToken));
        return free;
    }

    public async Task<List<int>> FreeAsync(TableClient table, string sessionId, int capacity, CancellationToken cancellationToken) =>
        Free(capacity, await TakenAsync(table, sessionId, cancellationToken));

    /// <summary>Random free places, so that concurrent requests rarely pick the same ones.</summary>
    public static List<int> PickRandom(List<int> free, int needed) =>
        free.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(needed).Order().ToList();

    public static IEnumerable<TableEntity> Rows(EnrolmentRecord enrolment) =>
        enrolment.Seats.Select(n => new TableEntity(enrolment.SessionId, Keys.Seat(n)) { ["EnrolmentId"] = enrolment.Id });

    public static bool IsSeat(string? rowKey, out int number)
    {
        number = 0;
        return rowKey is not null && rowKey.StartsWith(Keys.SeatPrefix, StringComparison.Ordinal) && int.TryParse(rowKey.AsSpan(Keys.SeatPrefix.Length), out number);
    }

    public void Took(string sessionId, IEnumerable<int> seats) => hints.Took(sessionId, seats);

    public void Forget(string sessionId) => hints.Forget(sessionId);

    public async Task<int> CountTakenAsync(TableClient table, string sessionId, CancellationToken cancellationToken) =>
        (await TakenAsync(table, sessionId, cancellationToken)).Count;

    private static List<int> Free(int capacity, IReadOnlySet<int> taken) =>
        [.. Enumerable.Range(1, capacity).Where(n => !taken.Contains(n))];

    /// <summary>Reads the places taken in a session, and remembers them as the session's hint.</summary>
    private async Task<HashSet<int>> TakenAsync(TableClient table, string sessionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.SeatPrefix} and RowKey lt {Keys.RangeEnd(Keys.SeatPrefix)}");
        var taken = new HashSet<int>();
        await foreach (var seat in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (int.TryParse(seat.RowKey.AsSpan(Keys.SeatPrefix.Length), out var n)) taken.Add(n);
        }
        hints.Saw(sessionId, taken);
        return taken;
    }
}
