using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Which places of a session are free, and the seat rows that take them. A place is taken by inserting its row
/// (<c>seat|NN</c>) in the same transaction as the enrolment: two writers cannot both insert it. Each seat row also
/// names its payer and the client address it was asked from by keyed hashes (<see cref="PayerKey"/>,
/// <see cref="AddressKey"/>), so that the places one payer, or one address, holds can be counted.
/// </summary>
internal sealed class SeatAllocator(SeatHints hints, AbuseSettings abuse)
{
    public const string PayerColumn = "Payer";
    public const string AddressColumn = "Address";
    private readonly byte[] _payerKey = abuse.KeyFor("payer");
    private readonly byte[] _addressKey = abuse.KeyFor("address");

    /// <summary>
    /// <c>payer|{HMAC of the normalised payer email}</c>: the payer's row in the session's partition, and the value of the
    /// seat rows' <see cref="PayerColumn"/>. Keyed with the app's secret: the address cannot be found back by hashing guesses.
    /// </summary>
    public string PayerKey(string email) =>
        Keys.PayerPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(_payerKey, Encoding.UTF8.GetBytes(email.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant())));

    /// <summary>
    /// <c>address|{HMAC of the client address's bucket}</c> (<see cref="ClientAddress"/>): the address's row in the session's
    /// partition, and the value of the seat rows' <see cref="AddressColumn"/>. Keyed like <see cref="PayerKey"/>: the
    /// address in clear is never stored, and cannot be found back by hashing the IPv4 space.
    /// </summary>
    public string AddressKey(string clientAddress) =>
        Keys.AddressPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(_addressKey, Encoding.UTF8.GetBytes(clientAddress)));

    /// <summary>
    /// The places a payer (<paramref name="column"/> <see cref="PayerColumn"/>) or an address (<see cref="AddressColumn"/>)
    /// holds in a session now, from the seat rows (given back places are gone from them).
    /// </summary>
    public async Task<int> HeldByAsync(TableClient table, string sessionId, string column, string key, CancellationToken cancellationToken)
    {
        // One whole filter per column, each built by CreateQueryFilter (which quotes every value): no filter is ever
        // pieced together from strings, as Hostile/SourceScanTests checks.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.SeatPrefix} and RowKey lt {Keys.RangeEnd(Keys.SeatPrefix)} and Payer eq {key}");
        if (column == AddressColumn)
            filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {sessionId} and RowKey ge {Keys.SeatPrefix} and RowKey lt {Keys.RangeEnd(Keys.SeatPrefix)} and Address eq {key}");
        var held = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken)) held++;
        return held;
    }

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

    /// <summary>The seat rows' keys (enough to delete them).</summary>
    public static IEnumerable<TableEntity> Rows(EnrolmentRecord enrolment) =>
        enrolment.Seats.Select(n => new TableEntity(enrolment.SessionId, Keys.Seat(n)) { ["EnrolmentId"] = enrolment.Id });

    /// <summary>
    /// The seat rows to insert when places are taken: with the payer's key and the client address's, so that they count
    /// against both caps (an enrolment written before the address cap has no address key).
    /// </summary>
    public IEnumerable<TableEntity> Held(EnrolmentRecord enrolment)
    {
        var payer = PayerKey(enrolment.Payer.Email);
        return Rows(enrolment).Select(row =>
        {
            row[PayerColumn] = payer;
            if (enrolment.AddressKey is not null) row[AddressColumn] = enrolment.AddressKey;
            return row;
        });
    }

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

    /// <summary>
    /// A seat row kept back for the waiting list: a place given back while someone waits stays out of public sale (it is
    /// a seat row, so every count of free places sees it taken) until the offer step hands it to a request or deletes it.
    /// It names nobody: no enrolment, no payer, no address.
    /// </summary>
    public const string ReservedColumn = "ReservedFor";
    public const string ReservedForWaitingList = "WaitingList";

    public static TableEntity Reserved(string sessionId, int number) =>
        new(sessionId, Keys.Seat(number)) { [ReservedColumn] = ReservedForWaitingList };

    public static bool IsReserved(TableEntity seat) => seat.GetString(ReservedColumn) == ReservedForWaitingList;

    /// <summary>Whether a waiting-list request is stored in the session: then places given back are kept for the line.</summary>
    public static async Task<bool> AnyoneWaitingAsync(TableClient table, string sessionId, CancellationToken cancellationToken)
    {
        // A session staff cancelled offers nothing: its waiting list is cancelled with it, and its places go nowhere.
        if ((await table.GetEntityIfExistsAsync<TableEntity>(sessionId, SessionCancellations.RowKey, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)
            return false;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {nameof(EnrolmentState.WaitingList)}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken)) return true;
        return false;
    }

    /// <summary>The seat rows of a session kept back for its waiting list, with their ETags.</summary>
    public static async Task<List<TableEntity>> ReservedAsync(TableClient table, string sessionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.SeatPrefix} and RowKey lt {Keys.RangeEnd(Keys.SeatPrefix)} and ReservedFor eq {ReservedForWaitingList}");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) rows.Add(row);
        return rows;
    }

    /// <summary>The sessions that have places kept back for their waiting list (the sweep's work).</summary>
    public static async Task<List<string>> SessionsWithReservedAsync(TableClient table, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.SeatPrefix} and RowKey lt {Keys.RangeEnd(Keys.SeatPrefix)} and ReservedFor eq {ReservedForWaitingList}");
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken)) sessions.Add(row.PartitionKey);
        return [.. sessions.Order(StringComparer.Ordinal)];
    }
}
