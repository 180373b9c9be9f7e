using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Monalisa.Functions.Http;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

internal abstract record HoldOutcome
{
    public sealed record Held(EnrolmentRecord Enrolment) : HoldOutcome;
    public sealed record NotEnoughSeats(int SeatsLeft) : HoldOutcome;
    /// <summary>A trainee of this request already holds a place in the session.</summary>
    public sealed record AlreadyEnrolled(int TraineeIndex) : HoldOutcome;
    /// <summary>An enrolment with this id exists: the request was already carried out.</summary>
    public sealed record AlreadyExists(EnrolmentRecord Enrolment) : HoldOutcome;
    /// <summary>Too many people took places at the same instant for this request to get a turn; nothing was written.</summary>
    public sealed record Contended : HoldOutcome;
}

internal abstract record TransitionOutcome
{
    public sealed record Applied(EnrolmentRecord Before, EnrolmentRecord After, IReadOnlyList<TableEntity> Outbox) : TransitionOutcome;
    public sealed record Unchanged(EnrolmentRecord Enrolment) : TransitionOutcome;
    public sealed record Refused(EnrolmentRecord Enrolment) : TransitionOutcome;
    /// <summary>The Stripe event (or other dedup marker) was already applied.</summary>
    public sealed record AlreadyProcessed : TransitionOutcome;
    public sealed record NotFound : TransitionOutcome;
    /// <summary>The move was vetoed (e.g. the amount paid is not the quote's): the enrolment is flagged for staff instead.</summary>
    public sealed record Flagged(EnrolmentRecord Enrolment, IReadOnlyList<TableEntity> Outbox) : TransitionOutcome;
}

/// <summary>What a transition writes besides the state: fields to change, emails to send, a dedup marker.</summary>
/// <param name="Change">Applied to the enrolment before it is written (payment reference, staff note…).</param>
/// <param name="Outbox">Plans the outbox records for the move actually made (it may differ from the one asked: paid, no seat).</param>
/// <param name="Marker">An entity added in the same transaction (e.g. <c>stripe|{eventId}</c>); if it exists, nothing happens.</param>
/// <param name="Veto">Checked before a move: a note here stops it and flags the enrolment for staff, with <paramref name="VetoOutbox"/>'s emails.</param>
internal sealed record TransitionWork(
    Func<EnrolmentRecord, EnrolmentRecord>? Change = null,
    Func<EnrolmentRecord, EnrolmentRecord, IEnumerable<TableEntity>>? Outbox = null,
    TableEntity? Marker = null,
    Func<EnrolmentRecord, string?>? Veto = null,
    Func<EnrolmentRecord, IEnumerable<TableEntity>>? VetoOutbox = null);

/// <summary>
/// Enrolments and their places in Table Storage (key design: <see cref="Keys"/>). Every change to places is one
/// entity-group transaction in the session's partition: the seat inserts fail if a place is taken, the enrolment
/// update fails if someone changed it first (If-Match), and either way nothing is half-written.
/// </summary>
internal sealed class EnrolmentStore(TableServiceClient tables, StorageSetup storage, SeatHints seatHints, TimeProvider clock)
{
    private const int MaxAttempts = 40;

    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Enrolments);
    }

    public static string TraineeLockKey(string email) =>
        Keys.TraineePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    /// <summary>
    /// Takes places for a new enrolment and writes it, with its outbox records, in one transaction. The first attempt
    /// picks its places from this process's <see cref="SeatHints"/> when it has a recent one; any doubt reads storage.
    /// </summary>
    public async Task<HoldOutcome> HoldAsync(EnrolmentRecord enrolment, int capacity, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var needed = enrolment.Trainees.Count;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var hinted = attempt == 0 ? seatHints.Taken(enrolment.SessionId) : null;
            var free = FreeSeats(capacity, hinted ?? await TakenSeatsAsync(table, enrolment.SessionId, cancellationToken));
            // Places may have come back elsewhere since: only storage may say the session is full.
            if (free.Count < needed && hinted is not null)
                free = FreeSeats(capacity, await TakenSeatsAsync(table, enrolment.SessionId, cancellationToken));
            if (free.Count < needed)
            {
                if (await FindAsync(table, enrolment.SessionId, enrolment.RowKey, cancellationToken) is { } existing)
                    return new HoldOutcome.AlreadyExists(existing);
                return new HoldOutcome.NotEnoughSeats(free.Count);
            }

            // Random free places, so that concurrent requests rarely pick the same ones.
            var seats = free.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(needed).Order().ToList();
            var held = enrolment with { Seats = seats, UpdatedAt = clock.GetUtcNow() };
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, held.ToEntity()) };
            actions.AddRange(SeatEntities(held).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            actions.AddRange(TraineeLocks(held).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            actions.AddRange(outbox.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                seatHints.Took(enrolment.SessionId, seats);
                return new HoldOutcome.Held(held);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is { } index)
            {
                var failed = actions[index].Entity.RowKey;
                if (failed == held.RowKey)
                    return new HoldOutcome.AlreadyExists((await FindAsync(table, enrolment.SessionId, enrolment.RowKey, cancellationToken))!);
                if (failed.StartsWith(Keys.TraineePrefix, StringComparison.Ordinal))
                    return new HoldOutcome.AlreadyEnrolled(IndexOfTrainee(held, failed));
                // A place was taken in between: note it, and look again in storage.
                if (failed.StartsWith(Keys.SeatPrefix, StringComparison.Ordinal) && int.TryParse(failed.AsSpan(Keys.SeatPrefix.Length), out var lost))
                    seatHints.Took(enrolment.SessionId, [lost]);
                await Task.Delay(RandomNumberGenerator.GetInt32(2, 20) * Math.Min(attempt + 1, 5), cancellationToken);
            }
        }
        return new HoldOutcome.Contended();
    }

    /// <summary>Writes an enrolment that takes no place (waiting list).</summary>
    public async Task<HoldOutcome> AddWithoutSeatsAsync(EnrolmentRecord enrolment, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var stored = enrolment with { UpdatedAt = clock.GetUtcNow() };
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, stored.ToEntity()) };
        actions.AddRange(outbox.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return new HoldOutcome.Held(stored);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            return new HoldOutcome.AlreadyExists((await FindAsync(table, enrolment.SessionId, enrolment.RowKey, cancellationToken))!);
        }
    }

    public async Task<EnrolmentRecord?> GetAsync(string enrolmentId, CancellationToken cancellationToken)
    {
        if (!RecordId.TryParse(enrolmentId, out var sessionId)) return null;
        return await FindAsync(await TableAsync(), sessionId, Keys.EnrolmentPrefix + enrolmentId, cancellationToken);
    }

    public async Task<int> SeatsTakenAsync(string sessionId, CancellationToken cancellationToken) =>
        (await TakenSeatsAsync(await TableAsync(), sessionId, cancellationToken)).Count;

    /// <summary>
    /// Applies a trigger through the state machine, with its places, fields, marker and emails, in one transaction.
    /// Retries from a fresh read when another writer got there first; safe to call again with the same trigger.
    /// </summary>
    public async Task<TransitionOutcome> TransitionAsync(string enrolmentId, EnrolmentTrigger trigger, int capacity, TransitionWork work, CancellationToken cancellationToken)
    {
        if (!RecordId.TryParse(enrolmentId, out var sessionId)) return new TransitionOutcome.NotFound();
        var table = await TableAsync();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (work.Marker is { } marker && await ExistsAsync(table, marker.PartitionKey, marker.RowKey, cancellationToken))
                return new TransitionOutcome.AlreadyProcessed();
            var before = await FindAsync(table, sessionId, Keys.EnrolmentPrefix + enrolmentId, cancellationToken);
            if (before is null) return new TransitionOutcome.NotFound();

            var transition = EnrolmentStateMachine.Apply(before.State, trigger);
            if (transition is Transition.Refused)
                return await MarkOnlyAsync(table, work.Marker, new TransitionOutcome.Refused(before), cancellationToken);
            if (transition is Transition.AlreadyThere)
                return await MarkOnlyAsync(table, work.Marker, new TransitionOutcome.Unchanged(before), cancellationToken);

            var move = (Transition.Moved)transition;
            if (work.Veto?.Invoke(before) is { } note)
            {
                var flagged = await TryFlagAsync(table, before, note, work, cancellationToken);
                if (flagged is not null) return flagged;
                continue;
            }
            var (outcome, attemptResult) = await TryMoveAsync(table, before, move, capacity, work, cancellationToken);
            if (attemptResult == MoveAttempt.NoSeats)
            {
                // The places went to someone else: the payment is kept as « paid, no seat » for staff to settle.
                (outcome, attemptResult) = await TryMoveAsync(table, before, EnrolmentStateMachine.NoSeatForPayment(before.State), capacity, work, cancellationToken);
            }
            if (outcome is not null) return outcome;
            await Task.Delay(RandomNumberGenerator.GetInt32(2, 20), cancellationToken);
        }
        throw new InvalidOperationException($"Enrolment {enrolmentId} kept changing under {trigger}.");
    }

    /// <summary>
    /// Changes fields of an enrolment without a state move (e.g. the card a setup checkout saved), with an optional
    /// dedup marker in the same transaction. <paramref name="change"/> returns null when there is nothing to do.
    /// </summary>
    public async Task<TransitionOutcome> ChangeAsync(string enrolmentId, Func<EnrolmentRecord, EnrolmentRecord?> change, TableEntity? marker, CancellationToken cancellationToken)
    {
        if (!RecordId.TryParse(enrolmentId, out var sessionId)) return new TransitionOutcome.NotFound();
        var table = await TableAsync();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (marker is not null && await ExistsAsync(table, marker.PartitionKey, marker.RowKey, cancellationToken))
                return new TransitionOutcome.AlreadyProcessed();
            var before = await FindAsync(table, sessionId, Keys.EnrolmentPrefix + enrolmentId, cancellationToken);
            if (before is null) return new TransitionOutcome.NotFound();
            if (change(before) is not { } after) return await MarkOnlyAsync(table, marker, new TransitionOutcome.Unchanged(before), cancellationToken);
            after = after with { UpdatedAt = clock.GetUtcNow() };
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, after.ToEntity(), before.ETag) };
            if (marker is not null) actions.Add(new TableTransactionAction(TableTransactionActionType.Add, marker));
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                return new TransitionOutcome.Applied(before, after with { ETag = response.Value[0].Headers.ETag ?? ETag.All }, []);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                if (marker is not null && e.FailedTransactionActionIndex == 1) return new TransitionOutcome.AlreadyProcessed();
                await Task.Delay(RandomNumberGenerator.GetInt32(2, 20), cancellationToken);
            }
        }
        throw new InvalidOperationException($"Enrolment {enrolmentId} kept changing.");
    }

    /// <summary>Self-funded enrolments the instalment timer looks at: waiting for a charge, or in their grace period.</summary>
    public async Task<List<EnrolmentRecord>> SelfFundedOpenAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and (State eq {nameof(EnrolmentState.ContractSigned)} or State eq {nameof(EnrolmentState.PartlyPaid)} or State eq {nameof(EnrolmentState.InstalmentOverdue)})");
        var found = new List<EnrolmentRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            found.Add(EnrolmentRecord.FromEntity(entity));
        return found;
    }

    /// <summary>Enrolments still waiting for payment whose hold has run out.</summary>
    public async Task<List<EnrolmentRecord>> ExpiredHoldsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {nameof(EnrolmentState.PendingPayment)} and HoldExpiresAt lt {now}");
        var found = new List<EnrolmentRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            found.Add(EnrolmentRecord.FromEntity(entity));
        return found;
    }

    /// <summary>Paid enrolments without a place, paid before <paramref name="paidBefore"/>: due for a refund.</summary>
    public async Task<List<EnrolmentRecord>> PaidWithoutSeatAsync(DateTimeOffset paidBefore, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {nameof(EnrolmentState.PaidNoSeat)} and PaidAt lt {paidBefore}");
        var found = new List<EnrolmentRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            found.Add(EnrolmentRecord.FromEntity(entity));
        return found;
    }

    /// <summary>Every enrolment of a session (staff export, tests).</summary>
    public async Task<List<EnrolmentRecord>> ForSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)}");
        var found = new List<EnrolmentRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            found.Add(EnrolmentRecord.FromEntity(entity));
        return found.OrderBy(e => e.CreatedAt).ToList();
    }

    /// <summary>Records the checkout session opened for an enrolment (two columns; the state is not touched).</summary>
    public async Task AttachCheckoutAsync(EnrolmentRecord enrolment, string checkoutSessionId, string checkoutUrl, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var column = new TableEntity(enrolment.SessionId, enrolment.RowKey)
        {
            [nameof(EnrolmentRecord.CheckoutSessionId)] = checkoutSessionId,
            [nameof(EnrolmentRecord.CheckoutUrl)] = checkoutUrl,
        };
        await table.UpdateEntityAsync(column, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Replaces an enrolment's personal data (retention), if nobody changed it since it was read.</summary>
    public async Task<bool> ReplaceAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        try
        {
            await table.UpdateEntityAsync(enrolment.ToEntity(), enrolment.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    private enum MoveAttempt { Done, Retry, NoSeats }

    /// <summary>Removes the email hashes that kept one person to one place (retention: the session is long over).</summary>
    public async Task DeleteTraineeLocksAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        foreach (var lockEntity in TraineeLocks(enrolment))
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(lockEntity.PartitionKey, lockEntity.RowKey, cancellationToken: cancellationToken);
            if (current.HasValue && current.Value!.GetString("EnrolmentId") == enrolment.Id)
                await table.DeleteEntityAsync(lockEntity.PartitionKey, lockEntity.RowKey, current.Value.ETag, cancellationToken);
        }
    }

    private async Task<(TransitionOutcome? Outcome, MoveAttempt Result)> TryMoveAsync(TableClient table, EnrolmentRecord before, Transition.Moved move, int capacity, TransitionWork work, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var after = (work.Change?.Invoke(before) ?? before) with { State = move.To, UpdatedAt = now };
        var actions = new List<TableTransactionAction>();
        if (move.ReleasesSeats)
        {
            actions.AddRange(SeatEntities(before).Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)));
            actions.AddRange(TraineeLocks(before).Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)));
            after = after with { Seats = [] };
        }
        if (move.NeedsSeats)
        {
            var free = FreeSeats(capacity, await TakenSeatsAsync(table, before.SessionId, cancellationToken));
            if (free.Count < before.Trainees.Count) return (null, MoveAttempt.NoSeats);
            after = after with { Seats = free.Take(before.Trainees.Count).ToList() };
            actions.AddRange(SeatEntities(after).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            actions.AddRange(TraineeLocks(after).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        }
        actions.Insert(0, new TableTransactionAction(TableTransactionActionType.UpdateReplace, after.ToEntity(), before.ETag));
        if (work.Marker is not null) actions.Add(new TableTransactionAction(TableTransactionActionType.Add, work.Marker));
        var outbox = work.Outbox?.Invoke(before, after).ToList() ?? [];
        actions.AddRange(outbox.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));

        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            if (move.ReleasesSeats || move.NeedsSeats) seatHints.Forget(before.SessionId);
            var etag = response.Value[0].Headers.ETag ?? ETag.All;
            return (new TransitionOutcome.Applied(before, after with { ETag = etag }, outbox), MoveAttempt.Done);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            var failed = e.FailedTransactionActionIndex is { } i ? actions[i].Entity.RowKey : null;
            if (work.Marker is not null && failed == work.Marker.RowKey) return (new TransitionOutcome.AlreadyProcessed(), MoveAttempt.Done);
            // The same person holds a place again through another enrolment: this one cannot get it.
            if (failed is not null && failed.StartsWith(Keys.TraineePrefix, StringComparison.Ordinal)) return (null, MoveAttempt.NoSeats);
            // The enrolment changed (If-Match) or a place was taken in between: read again and retry.
            return (null, MoveAttempt.Retry);
        }
    }

    private async Task<TransitionOutcome?> TryFlagAsync(TableClient table, EnrolmentRecord before, string note, TransitionWork work, CancellationToken cancellationToken)
    {
        var flagged = before with { StaffAttention = note, UpdatedAt = clock.GetUtcNow() };
        var outbox = work.VetoOutbox?.Invoke(flagged).ToList() ?? [];
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, flagged.ToEntity(), before.ETag) };
        if (work.Marker is not null) actions.Add(new TableTransactionAction(TableTransactionActionType.Add, work.Marker));
        actions.AddRange(outbox.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return new TransitionOutcome.Flagged(flagged, outbox);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            var failed = e.FailedTransactionActionIndex is { } i ? actions[i].Entity.RowKey : null;
            return work.Marker is not null && failed == work.Marker.RowKey ? new TransitionOutcome.AlreadyProcessed() : null;
        }
    }

    private static async Task<TransitionOutcome> MarkOnlyAsync(TableClient table, TableEntity? marker, TransitionOutcome outcome, CancellationToken cancellationToken)
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

    private static IEnumerable<TableEntity> SeatEntities(EnrolmentRecord enrolment) =>
        enrolment.Seats.Select(n => new TableEntity(enrolment.SessionId, Keys.Seat(n)) { ["EnrolmentId"] = enrolment.Id });

    private static IEnumerable<TableEntity> TraineeLocks(EnrolmentRecord enrolment) =>
        enrolment.Trainees.Select(t => new TableEntity(enrolment.SessionId, TraineeLockKey(t.Email)) { ["EnrolmentId"] = enrolment.Id });

    private static int IndexOfTrainee(EnrolmentRecord enrolment, string lockKey)
    {
        for (var i = 0; i < enrolment.Trainees.Count; i++)
            if (TraineeLockKey(enrolment.Trainees[i].Email) == lockKey) return i;
        return 0;
    }

    private static List<int> FreeSeats(int capacity, IReadOnlySet<int> taken) =>
        [.. Enumerable.Range(1, capacity).Where(n => !taken.Contains(n))];

    /// <summary>Reads the places taken in a session, and remembers them as the session's hint.</summary>
    private async Task<HashSet<int>> TakenSeatsAsync(TableClient table, string sessionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.SeatPrefix} and RowKey lt {Keys.RangeEnd(Keys.SeatPrefix)}");
        var taken = new HashSet<int>();
        await foreach (var seat in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (int.TryParse(seat.RowKey.AsSpan(Keys.SeatPrefix.Length), out var n)) taken.Add(n);
        }
        seatHints.Saw(sessionId, taken);
        return taken;
    }

    private static async Task<EnrolmentRecord?> FindAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? EnrolmentRecord.FromEntity(response.Value!) : null;
    }

    private static async Task<bool> ExistsAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select: ["RowKey"], cancellationToken: cancellationToken);
        return response.HasValue;
    }
}
