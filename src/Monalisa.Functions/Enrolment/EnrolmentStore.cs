using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;
using static Monalisa.Functions.Enrolment.EnrolmentEntityMapping;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Enrolments in Table Storage (key design: <see cref="Keys"/>; columns: <see cref="EnrolmentEntityMapping"/>). Every
/// change is one entity-group transaction in the session's partition: the enrolment (If-Match), its seat rows, its
/// trainee locks, its outbox rows and the event marker. A seat insert fails if the place is taken, the update fails if
/// someone changed the enrolment first, the marker fails if the event was applied: either way nothing is half-written.
/// What to write is never decided here: see <see cref="EnrolmentDecisions"/>.
/// </summary>
internal sealed partial class EnrolmentStore(TableServiceClient tables, StorageSetup storage, SeatAllocator seats, TraineeLocks locks, TimeProvider clock, IWaitingListOffers? offers = null)
{
    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Enrolments);
    }

    /// <summary>
    /// Takes places for a new enrolment and writes it, with its outbox records, in one transaction; refused if the
    /// payer would then hold more places in the session than <see cref="PlacesCaps.PerPayer"/>, or the client address
    /// (<see cref="EnrolmentRecord.AddressKey"/>) more than <see cref="PlacesCaps.PerAddress"/>.
    /// </summary>
    public async Task<HoldOutcome> HoldAsync(EnrolmentRecord enrolment, int capacity, PlacesCaps caps, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        return await OptimisticRetry.RunAsync(
            attempt => TryHoldAsync(table, enrolment, capacity, caps, outbox, attempt == 0, cancellationToken),
            () => new HoldOutcome.Contended(), cancellationToken);
    }

    /// <summary>A holder's row (<c>payer|…</c> or <c>address|…</c>) as read before the count, and the places it holds.</summary>
    private sealed record Holder(string Key, ETag? Read, int Held)
    {
        public TableTransactionAction Touch(string sessionId, DateTimeOffset at)
        {
            var touch = new TableEntity(sessionId, Key) { ["LastHoldAt"] = at };
            return Read is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, touch, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, touch);
        }
    }

    /// <summary>
    /// The holder's row is read first and written with If-Match in the transaction: a hold of the same holder that
    /// commits after this read changes its ETag and this transaction fails, so no two holds pass the cap together.
    /// One that committed before is in the seat rows counted next. Given back places only make the count smaller.
    /// <para>
    /// A first attempt reads nothing and supposes the holder new (most payers and addresses enrol once in a session):
    /// its row is then added, not replaced, so that if it exists after all the transaction fails on it and the next
    /// attempt reads and counts. No row means no place held: the row is written with the holder's first places.
    /// </para>
    /// </summary>
    private async Task<Holder> HolderAsync(TableClient table, string sessionId, string column, string key, bool firstAttempt, CancellationToken cancellationToken)
    {
        if (firstAttempt) return new Holder(key, null, 0);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, key, cancellationToken: cancellationToken);
        var held = row.HasValue ? await seats.HeldByAsync(table, sessionId, column, key, cancellationToken) : 0;
        return new Holder(key, row.HasValue ? row.Value!.ETag : null, held);
    }

    private async Task<HoldOutcome?> TryHoldAsync(TableClient table, EnrolmentRecord enrolment, int capacity, PlacesCaps caps, IReadOnlyList<TableEntity> outbox, bool firstAttempt, CancellationToken cancellationToken)
    {
        var needed = enrolment.Trainees.Count;
        var free = await seats.FreeForNewAsync(table, enrolment.SessionId, capacity, needed, firstAttempt, cancellationToken);
        if (free.Count < needed)
            return await FindAsync(table, enrolment.Id, cancellationToken) is { } existing
                ? new HoldOutcome.AlreadyExists(existing.Record)
                : new HoldOutcome.NotEnoughSeats(free.Count);

        // One payer email, and one client address whatever email it gives, hold at most their cap (see HolderAsync).
        var payer = await HolderAsync(table, enrolment.SessionId, SeatAllocator.PayerColumn, seats.PayerKey(enrolment.Payer.Email), firstAttempt, cancellationToken);
        var address = enrolment.AddressKey is { } addressKey
            ? await HolderAsync(table, enrolment.SessionId, SeatAllocator.AddressColumn, addressKey, firstAttempt, cancellationToken)
            : null;
        HoldOutcome? over = !PlacesCap.Allows(payer.Held, needed, caps.PerPayer) ? new HoldOutcome.PayerCapReached(payer.Held, caps.PerPayer)
            : address is not null && !PlacesCap.Allows(address.Held, needed, caps.PerAddress) ? new HoldOutcome.AddressCapReached(address.Held, caps.PerAddress)
            : null;
        if (over is not null)
            return await FindAsync(table, enrolment.Id, cancellationToken) is { } existing ? new HoldOutcome.AlreadyExists(existing.Record) : over;

        var held = enrolment with { Seats = SeatAllocator.PickRandom(free, needed), UpdatedAt = clock.GetUtcNow() };
        var actions = Adds([ToEntity(held), .. seats.Held(held), .. locks.Of(held), .. outbox]);
        actions.Add(payer.Touch(enrolment.SessionId, held.UpdatedAt));
        if (address is not null) actions.Add(address.Touch(enrolment.SessionId, held.UpdatedAt));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            seats.Took(enrolment.SessionId, held.Seats);
            return new HoldOutcome.Held(held);
        }
        catch (TableTransactionFailedException e) when (e.Status is (409 or 412) && e.FailedTransactionActionIndex is { } index)
        {
            var failed = actions[index].Entity.RowKey;
            // Another hold of the same payer, or from the same address, got there first: count again.
            if (failed == payer.Key || failed == address?.Key) return null;
            if (failed == RowKey(held))
                return new HoldOutcome.AlreadyExists((await FindAsync(table, enrolment.Id, cancellationToken))!.Record);
            if (TraineeLocks.IsLock(failed))
                return new HoldOutcome.AlreadyEnrolled(locks.IndexOf(held, failed));
            // A place was taken in between: note it, and look again in storage.
            if (SeatAllocator.IsSeat(failed, out var lost)) seats.Took(enrolment.SessionId, [lost]);
            return null;
        }
    }

    /// <summary>
    /// Writes an enrolment that takes no place (waiting list). A waiting request is a claim on the next freed places
    /// (they are offered to it before public sale), so one payer email, or one client address, may ask for at most its
    /// cap there too: otherwise a script could queue request after request and hold every freed place in turn, 48 hours
    /// each. The holders' rows are touched with If-Match, as for a hold, so that two requests cannot pass the cap together.
    /// </summary>
    public async Task<HoldOutcome> AddWithoutSeatsAsync(EnrolmentRecord enrolment, PlacesCaps caps, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        return await OptimisticRetry.RunAsync(
            _ => TryAddWaitingAsync(table, enrolment, caps, outbox, cancellationToken),
            () => new HoldOutcome.Contended(), cancellationToken);
    }

    private async Task<HoldOutcome?> TryAddWaitingAsync(TableClient table, EnrolmentRecord enrolment, PlacesCaps caps, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var sessionId = enrolment.SessionId;
        var payerKey = seats.PayerKey(enrolment.Payer.Email);
        var payerRow = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, payerKey, cancellationToken: cancellationToken);
        var addressRow = enrolment.AddressKey is { } addressKey ? await table.GetEntityIfExistsAsync<TableEntity>(sessionId, addressKey, cancellationToken: cancellationToken) : null;
        var waiting = await RecordsAsync(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {nameof(EnrolmentState.WaitingList)}"),
            cancellationToken: cancellationToken));
        var byPayer = waiting.Where(e => e.Id != enrolment.Id && seats.PayerKey(e.Payer.Email) == payerKey).Sum(e => e.Trainees.Count);
        var byAddress = enrolment.AddressKey is null ? 0 : waiting.Where(e => e.Id != enrolment.Id && e.AddressKey == enrolment.AddressKey).Sum(e => e.Trainees.Count);
        var needed = enrolment.Trainees.Count;
        HoldOutcome? over = !PlacesCap.Allows(byPayer, needed, caps.PerPayer) ? new HoldOutcome.PayerCapReached(byPayer, caps.PerPayer)
            : !PlacesCap.Allows(byAddress, needed, caps.PerAddress) ? new HoldOutcome.AddressCapReached(byAddress, caps.PerAddress)
            : null;
        if (over is not null)
            return await FindAsync(table, enrolment.Id, cancellationToken) is { } existing ? new HoldOutcome.AlreadyExists(existing.Record) : over;

        var stored = enrolment with { UpdatedAt = clock.GetUtcNow() };
        var actions = Adds([ToEntity(stored), .. outbox]);
        actions.Add(new Holder(payerKey, payerRow.HasValue ? payerRow.Value!.ETag : null, byPayer).Touch(sessionId, stored.UpdatedAt));
        if (addressRow is not null)
            actions.Add(new Holder(enrolment.AddressKey!, addressRow.HasValue ? addressRow.Value!.ETag : null, byAddress).Touch(sessionId, stored.UpdatedAt));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return new HoldOutcome.Held(stored);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && e.FailedTransactionActionIndex is { } index)
        {
            // The same request was written already (a replay); or another request of this payer or address got there first: count again.
            return index == 0 ? new HoldOutcome.AlreadyExists((await FindAsync(table, enrolment.Id, cancellationToken))!.Record) : null;
        }
    }

    public async Task<EnrolmentRecord?> GetAsync(string enrolmentId, CancellationToken cancellationToken) =>
        RecordId.TryParse(enrolmentId, out _) ? (await FindAsync(await TableAsync(), enrolmentId, cancellationToken))?.Record : null;

    /// <summary>The acts recorded on an enrolment, oldest first.</summary>
    public async Task<List<TimelineEvent>> TimelineAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken) =>
        await TimelineRows.ReadAsync(await TableAsync(), enrolment, cancellationToken);

    public async Task<int> SeatsTakenAsync(string sessionId, CancellationToken cancellationToken) =>
        await seats.CountTakenAsync(await TableAsync(), sessionId, cancellationToken);

    /// <summary>
    /// Asks the domain what <paramref name="command"/> does to the enrolment as stored now, and writes the answer in one
    /// transaction with <paramref name="marker"/> (e.g. <c>stripe|{eventId}</c>): if the marker exists, nothing happens.
    /// Retries from a fresh read when another writer got there first; safe to call again with the same command.
    /// </summary>
    public async Task<TransitionOutcome> CommitAsync(string enrolmentId, EnrolmentCommand command, Actor actor, int capacity, TableEntity? marker, CancellationToken cancellationToken)
    {
        if (!RecordId.TryParse(enrolmentId, out _)) return new TransitionOutcome.NotFound();
        var table = await TableAsync();
        var commit = new EnrolmentCommit(table, seats, locks, clock, capacity, marker, command, actor, offers);
        return await OptimisticRetry.RunAsync(
            async _ =>
            {
                if (marker is not null && await ExistsAsync(table, marker.PartitionKey, marker.RowKey, cancellationToken))
                    return new TransitionOutcome.AlreadyProcessed();
                if (await FindAsync(table, enrolmentId, cancellationToken) is not { } before) return new TransitionOutcome.NotFound();
                return await commit.TryAsync(before, EnrolmentDecisions.Decide(before.Record, command, clock.GetUtcNow()), cancellationToken);
            },
            () => throw new InvalidOperationException($"Enrolment {enrolmentId} kept changing under {command.GetType().Name}."),
            cancellationToken);
    }

    /// <summary>Records the checkout session opened for an enrolment (two columns; the state is not touched).</summary>
    public async Task AttachCheckoutAsync(EnrolmentRecord enrolment, string checkoutSessionId, string checkoutUrl, CancellationToken cancellationToken)
    {
        var column = new TableEntity(enrolment.SessionId, RowKey(enrolment))
        {
            [nameof(EnrolmentRecord.CheckoutSessionId)] = checkoutSessionId,
            [nameof(EnrolmentRecord.CheckoutUrl)] = checkoutUrl,
        };
        await (await TableAsync()).UpdateEntityAsync(column, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Self-funded: records the card-saving Checkout and its Stripe customer, with the enrolment's first emails, in one
    /// transaction. False when another request attached them first (a replay), or the enrolment moved on meanwhile:
    /// then no second set of emails is written.
    /// </summary>
    public async Task<bool> AttachSetupAsync(string enrolmentId, string checkoutSessionId, string customerId, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var attached = await OptimisticRetry.RunAsync<object>(async _ =>
        {
            if (await FindAsync(table, enrolmentId, cancellationToken) is not { } stored) return false;
            if (stored.Record.CheckoutSessionId is not null || stored.Record.State != EnrolmentState.ContractSigned) return false;
            var columns = new TableEntity(stored.Record.SessionId, RowKey(enrolmentId))
            {
                [nameof(EnrolmentRecord.CheckoutSessionId)] = checkoutSessionId,
                [nameof(EnrolmentRecord.StripeCustomerId)] = customerId,
            };
            try
            {
                await table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.UpdateMerge, columns, stored.ETag), .. Adds(outbox)], cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                return null;
            }
        }, () => false, cancellationToken);
        return (bool)attached;
    }

    /// <summary>
    /// Replaces an enrolment's personal data, if nobody changed it since it was read, then removes the email hashes
    /// that kept one person to one place (the session is long over). False if it changed meanwhile.
    /// </summary>
    public async Task<bool> AnonymiseAsync(StoredEnrolment stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        try
        {
            await table.UpdateEntityAsync(ToEntity(stored.Record.Anonymised(now)), stored.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
        await locks.DeleteAsync(table, stored.Record, cancellationToken);
        return true;
    }

    private static async Task<List<EnrolmentRecord>> RecordsAsync(AsyncPageable<TableEntity> entities)
    {
        var found = new List<EnrolmentRecord>();
        await foreach (var entity in entities) found.Add(FromEntity(entity));
        return found;
    }

    private static List<TableTransactionAction> Adds(IEnumerable<TableEntity> entities) =>
        [.. entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e))];

    private static async Task<StoredEnrolment?> FindAsync(TableClient table, string enrolmentId, CancellationToken cancellationToken)
    {
        if (!RecordId.TryParse(enrolmentId, out var sessionId)) return null;
        var response = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, RowKey(enrolmentId), cancellationToken: cancellationToken);
        return response.HasValue ? new StoredEnrolment(FromEntity(response.Value!), response.Value!.ETag) : null;
    }

    private static async Task<bool> ExistsAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select: ["RowKey"], cancellationToken: cancellationToken);
        return response.HasValue;
    }
}
