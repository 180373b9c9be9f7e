using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Outbox;
using static Monalisa.Functions.Enrolment.EnrolmentEntityMapping;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Writes one domain decision about a stored enrolment as one entity-group transaction: the enrolment (If-Match), the
/// seat rows and trainee locks it takes or gives back, the event marker, the timeline row naming its author, and one
/// outbox row per notice. One attempt:
/// null means « read again and retry » (another writer got there first).
/// </summary>
internal sealed class EnrolmentCommit(TableClient table, SeatAllocator seats, TraineeLocks locks, TimeProvider clock, int capacity, TableEntity? marker, EnrolmentCommand command, Actor actor,
    IWaitingListOffers? offers = null)
{
    public async Task<TransitionOutcome?> TryAsync(StoredEnrolment before, Decision decision, CancellationToken cancellationToken) => decision switch
    {
        Decision.Refused => await MarkOnlyAsync(new TransitionOutcome.Refused(before.Record), cancellationToken),
        Decision.Unchanged => await MarkOnlyAsync(new TransitionOutcome.Unchanged(before.Record), cancellationToken),
        Decision.TooLate late => new TransitionOutcome.TooLate(before.Record, late.LastDay),
        Decision.Write { Change: var change } => await WriteAsync(before, change, cancellationToken),
        _ => throw new InvalidOperationException("Unknown decision."),
    };

    private async Task<TransitionOutcome?> WriteAsync(StoredEnrolment before, EnrolmentDecision change, CancellationToken cancellationToken)
    {
        var (outcome, seatsGone) = await TryWriteAsync(before, change, cancellationToken);
        // The places went to someone else: the domain said what to write instead (paid, no seat, for staff to settle).
        if (seatsGone && change.IfSeatsGone is { } fallback)
            (outcome, _) = await TryWriteAsync(before, fallback, cancellationToken);
        return outcome;
    }

    private async Task<(TransitionOutcome? Outcome, bool SeatsGone)> TryWriteAsync(StoredEnrolment before, EnrolmentDecision change, CancellationToken cancellationToken)
    {
        var after = change.After;
        var actions = new List<TableTransactionAction>();
        var keptBack = false;
        if (change.Seats == SeatChange.Release)
        {
            // What the enrolment still holds after the change (one trainee cancelled of several) stays; the rest goes back.
            var holds = EnrolmentStateMachine.HoldsSeats(after.State);
            var freed = before.Record.Seats.Where(n => !holds || !after.Seats.Contains(n)).ToList();
            var keptLocks = holds ? locks.Of(after).Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal) : [];
            // Someone waits: the freed places stay out of public sale (seat rows kept, marked for the line) until the offer
            // step hands them on; nobody waits: they go back on sale at once.
            keptBack = freed.Count > 0 && await SeatAllocator.AnyoneWaitingAsync(table, before.Record.SessionId, cancellationToken);
            actions.AddRange(keptBack
                ? freed.Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, SeatAllocator.Reserved(before.Record.SessionId, n)))
                : SeatAllocator.Rows(before.Record).Where(e => freed.Any(n => e.RowKey == Storage.Keys.Seat(n)))
                    .Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)));
            actions.AddRange(locks.Of(before.Record).Where(e => !keptLocks.Contains(e.RowKey))
                .Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)));
        }
        if (change.Seats == SeatChange.Take)
        {
            var free = await seats.FreeAsync(table, before.Record.SessionId, capacity, cancellationToken);
            if (free.Count < after.Trainees.Count) return (null, true);
            after = after with { Seats = free.Take(after.Trainees.Count).ToList() };
            actions.AddRange(seats.Held(after).Concat(locks.Of(after)).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        }
        if (change.Seats == SeatChange.SwapLocks) actions.AddRange(await SwappedLocksAsync(before.Record, after, cancellationToken));
        actions.Insert(0, new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(after), before.ETag));
        if (marker is not null) actions.Add(new TableTransactionAction(TableTransactionActionType.Add, marker));
        // One row per payment to give back, added (never replaced): a second report of the same payment cannot add it again.
        actions.AddRange(change.Refunds.Select(r => new TableTransactionAction(TableTransactionActionType.Add, RefundRow(after, r))));
        var now = clock.GetUtcNow();
        // The act, with its author, in the same transaction: the timeline shows exactly what was written.
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TimelineRows.For(before.Record, after, command, actor, now)));
        var outbox = OutboxRecord.ForNotices(after.SessionId, RowKey(after), change.Notices, now);
        actions.AddRange(outbox.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        var submitted = await SubmitAsync(before.Record, after, change, actions, outbox, cancellationToken);
        // Right after the commit, in the same request: the next in line get their offers now, not at the next timer run.
        if (keptBack && submitted.Outcome is TransitionOutcome.Applied && offers is not null)
            await OfferSafelyAsync(before.Record.SessionId, cancellationToken);
        return submitted;
    }

    /// <summary>
    /// A trainee replaced by another: the leaving person's lock goes (if it is still this enrolment's, with its ETag) and
    /// the new person's is added, in the enrolment's transaction. Someone else holding the new lock fails the add (409):
    /// <see cref="SubmitAsync"/> answers <see cref="TransitionOutcome.LockTaken"/>, and nothing is written.
    /// </summary>
    private async Task<List<TableTransactionAction>> SwappedLocksAsync(EnrolmentRecord before, EnrolmentRecord after, CancellationToken cancellationToken)
    {
        var kept = locks.Of(after).Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var had = locks.Of(before).Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var actions = new List<TableTransactionAction>();
        foreach (var leaving in locks.Of(before).Where(e => !kept.Contains(e.RowKey)))
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(leaving.PartitionKey, leaving.RowKey, cancellationToken: cancellationToken);
            if (current.HasValue && current.Value!.GetString(TraineeLocks.EnrolmentIdColumn) == before.Id)
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, current.Value, current.Value.ETag));
        }
        actions.AddRange(locks.Of(after).Where(e => !had.Contains(e.RowKey)).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        return actions;
    }

    /// <summary>The change is committed whatever the offer step does: if it fails, the timer's sweep offers the places.</summary>
    private async Task OfferSafelyAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await offers!.OfferAsync(sessionId, cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or InvalidOperationException or TableTransactionFailedException)
        {
            // Kept places stay out of sale, and the sweep of ReleaseExpiredHolds offers them: nothing is lost.
        }
    }

    private async Task<(TransitionOutcome? Outcome, bool SeatsGone)> SubmitAsync(
        EnrolmentRecord before, EnrolmentRecord after, EnrolmentDecision change, List<TableTransactionAction> actions, List<TableEntity> outbox, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            if (change.Seats != SeatChange.None) seats.Forget(before.SessionId);
            return (change.StaffOnly ? new TransitionOutcome.Flagged(after, outbox) : new TransitionOutcome.Applied(before, after, outbox), false);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            var failed = e.FailedTransactionActionIndex is { } i ? actions[i].Entity.RowKey : null;
            if (marker is not null && failed == marker.RowKey) return (new TransitionOutcome.AlreadyProcessed(), false);
            // This payment is already on its way back: reported again by another event, it changes nothing.
            if (failed is not null && failed.StartsWith(Storage.Keys.RefundPrefix, StringComparison.Ordinal)) return (new TransitionOutcome.AlreadyProcessed(), false);
            // A replacement whose new person holds a place already (409 on the add): refused for good, not retried.
            if (change.Seats == SeatChange.SwapLocks && e.Status == 409 && TraineeLocks.IsLock(failed)) return (new TransitionOutcome.LockTaken(before), false);
            // The same person holds a place again through another enrolment: this one cannot get it.
            if (TraineeLocks.IsLock(failed)) return (null, true);
            // The enrolment changed (If-Match) or a place was taken in between: read again and retry.
            return (null, false);
        }
    }

    /// <summary>A refund to ask of Stripe, in the enrolment's partition; Payments' refund queue carries it out.</summary>
    public static TableEntity RefundRow(EnrolmentRecord enrolment, RefundOrder refund) => new(enrolment.SessionId, Storage.Keys.Refund(refund.Key ?? refund.PaymentIntentId))
    {
        [RefundColumns.EnrolmentId] = enrolment.Id,
        [RefundColumns.PaymentIntentId] = refund.PaymentIntentId,
        [RefundColumns.AmountCents] = refund.AmountCents,
        [RefundColumns.Status] = RefundColumns.Pending,
        // A keyed row refunds exactly its amount (a partial refund), with an idempotency key derived from its key.
        [RefundColumns.Key] = refund.Key,
        // The decision's time on the app's clock (the row's Timestamp is storage's): the timeline sorts by it.
        [RefundColumns.CreatedAt] = enrolment.UpdatedAt,
    };

    private async Task<TransitionOutcome> MarkOnlyAsync(TransitionOutcome outcome, CancellationToken cancellationToken)
    {
        if (marker is null) return outcome;
        try
        {
            await table.AddEntityAsync(marker, cancellationToken);
            return outcome;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return new TransitionOutcome.AlreadyProcessed();
        }
    }
}

/// <summary>The columns of a refund row (<c>refund|{paymentIntentId}</c>).</summary>
internal static class RefundColumns
{
    public const string CreatedAt = nameof(CreatedAt);
    public const string EnrolmentId = nameof(EnrolmentId);
    public const string PaymentIntentId = nameof(PaymentIntentId);
    public const string AmountCents = nameof(AmountCents);
    public const string Status = nameof(Status);
    public const string RefundId = nameof(RefundId);
    public const string Pending = nameof(Pending);
    public const string Done = nameof(Done);
    /// <summary>The refund's own key (cancellations); absent on a full refund of a payment, keyed by the payment.</summary>
    public const string Key = nameof(Key);
    /// <summary>A run is asking Stripe until then: another run leaves the row alone, the timer takes it up afterwards.</summary>
    public const string ClaimedUntil = nameof(ClaimedUntil);
}
