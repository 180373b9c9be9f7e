using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Timeline;
using Monalisa.Domain.WaitingList;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;
using static Monalisa.Functions.Enrolment.EnrolmentEntityMapping;

namespace Monalisa.Functions.WaitingList;

/// <summary>
/// The offer step: the places a session keeps back for its waiting list (seat rows marked by
/// <see cref="SeatAllocator.Reserved"/>) are handed to the requests <see cref="WaitingLine"/> picks, in ONE transaction
/// in the session's partition: each request moves to Offered (If-Match) with its places (the kept rows become its seat
/// rows, If-Match too) and its trainees' locks, a timeline row (système) and the offer email; the kept places nobody can
/// use are deleted, back on public sale. Two runs at once cannot hand a place twice: the second fails on an ETag and
/// reads again.
/// </summary>
internal sealed class WaitingListOffers(
    TableServiceClient tables, StorageSetup storage, SeatAllocator seats, TraineeLocks locks, OutboxDispatcher outbox,
    EnrolmentOptions options, TimeProvider clock, ILogger<WaitingListOffers> logger) : IWaitingListOffers
{
    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Enrolments);
    }

    public async Task OfferAsync(string sessionId, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        // A round too large for one transaction (100 actions) is written in parts: each part is whole, and the next
        // part decides again on what is left.
        for (var part = 0; part < MaxParts; part++)
        {
            var round = await OptimisticRetry.RunAsync(
                _ => TryOfferAsync(table, sessionId, cancellationToken),
                () => throw new InvalidOperationException($"The waiting list of session {sessionId} kept changing under its offers."),
                cancellationToken);
            if (round.Outbox.Count > 0)
            {
                await outbox.EnqueueAsync(TableNames.Enrolments, round.Outbox, cancellationToken);
                logger.LogInformation("Waiting list of session {SessionId}: places offered.", sessionId);
            }
            if (!round.Partial) return;
        }
    }

    private const int MaxParts = 20;

    /// <summary>An entity-group transaction holds at most 100 actions; a round stops adding offers before that.</summary>
    private const int MaxActions = 100;

    /// <summary>What one transaction wrote: its outbox rows, and whether offers were left for another part.</summary>
    private sealed record Written(List<TableEntity> Outbox, bool Partial);

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var sessions = await SeatAllocator.SessionsWithReservedAsync(await TableAsync(), cancellationToken);
        foreach (var sessionId in sessions) await OfferAsync(sessionId, cancellationToken);
        return sessions.Count;
    }

    /// <summary>One attempt; null when another writer got there first (read again).</summary>
    private async Task<Written?> TryOfferAsync(TableClient table, string sessionId, CancellationToken cancellationToken)
    {
        var kept = (await SeatAllocator.ReservedAsync(table, sessionId, cancellationToken))
            .Where(row => SeatAllocator.IsSeat(row.RowKey, out _))
            .ToDictionary(row => { SeatAllocator.IsSeat(row.RowKey, out var n); return n; });
        if (kept.Count == 0) return new Written([], false);

        var waiting = await WaitingAsync(table, sessionId, cancellationToken);
        // Someone whose trainee holds a place in the session through another enrolment cannot take one more: skipped.
        var eligible = new List<(EnrolmentRecord Record, ETag ETag)>();
        foreach (var request in waiting.Where(w => w.Record.AnonymisedAt is null))
            if ((await locks.HoldersAsync(table, request.Record, cancellationToken)).Count == 0) eligible.Add(request);

        var round = WaitingLine.Offer(kept.Keys, eligible.Select(w => new WaitingRequest(w.Record.Id, w.Record.Trainees.Count, w.Record.CreatedAt)));
        var now = clock.GetUtcNow();
        var actions = new List<TableTransactionAction>();
        var written = new List<TableEntity>();
        var backOnSale = round.BackOnSale.ToList();
        var partial = false;
        foreach (var offer in round.Offers)
        {
            // The request, its places, its locks, a timeline row, its emails, and room for the places back on sale.
            if (actions.Count + 2 + offer.Seats.Count * 2 + 2 + round.BackOnSale.Count > MaxActions && actions.Count > 0)
            {
                partial = true;
                break;
            }
            var (before, etag) = eligible.Single(w => w.Record.Id == offer.RequestId);
            var command = new EnrolmentCommand.OfferMade(offer.Seats, now + options.WaitingListOffer, AccessToken.New().Token);
            if (EnrolmentDecisions.Decide(before, command, now) is not Decision.Write { Change: var change })
            {
                // Never a place kept for nobody: one the domain would not hand over goes back on sale.
                backOnSale.AddRange(offer.Seats);
                continue;
            }
            var after = change.After;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(after), etag));
            // Each kept row becomes the request's seat row, if it is still the one read: a place is handed once.
            actions.AddRange(seats.Held(after).Select(row => new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, kept[SeatNumber(row)].ETag)));
            actions.AddRange(locks.Of(after).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TimelineRows.Row(after, nameof(EnrolmentCommand.OfferMade), Actor.System, before.State, after.State,
                new Dictionary<string, string>
                {
                    ["places"] = string.Join(',', offer.Seats.Select(n => n.ToString(CultureInfo.InvariantCulture))),
                    ["expiresAt"] = after.HoldExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                }, now)));
            var rows = OutboxRecord.ForNotices(sessionId, RowKey(after), change.Notices, now);
            actions.AddRange(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
            written.AddRange(rows);
        }
        // What nobody in line can use goes back on public sale, in the same transaction (after the last part only: the
        // next part decides again on what is left).
        if (!partial)
            actions.AddRange(backOnSale.Select(n => new TableTransactionAction(TableTransactionActionType.Delete, kept[n], kept[n].ETag)));
        if (actions.Count == 0) return new Written([], false);
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            seats.Forget(sessionId);
            return new Written(written, partial);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // A request changed, a kept place was handed by another run, or a trainee took a place meanwhile: read again.
            return null;
        }
    }

    private static int SeatNumber(TableEntity row) => SeatAllocator.IsSeat(row.RowKey, out var n) ? n : throw new InvalidOperationException("Not a seat row.");

    /// <summary>The session's waiting-list requests as stored now, with their ETags.</summary>
    private static async Task<List<(EnrolmentRecord Record, ETag ETag)>> WaitingAsync(TableClient table, string sessionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {nameof(EnrolmentState.WaitingList)}");
        var found = new List<(EnrolmentRecord, ETag)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            found.Add((FromEntity(entity), entity.ETag));
        return found;
    }
}
