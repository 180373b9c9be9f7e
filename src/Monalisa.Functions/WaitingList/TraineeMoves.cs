using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Timeline;
using Monalisa.Domain.WaitingList;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;
using static Monalisa.Functions.Enrolment.EnrolmentEntityMapping;

namespace Monalisa.Functions.WaitingList;

internal abstract record MoveOutcome
{
    public sealed record Moved(EnrolmentRecord Target, EnrolmentRecord Source) : MoveOutcome;
    public sealed record NotFound : MoveOutcome;
    public sealed record UnknownSession : MoveOutcome;
    public sealed record Refused(MoveDecision Why) : MoveOutcome;
    public sealed record NotEnoughSeats(int SeatsLeft) : MoveOutcome;
    public sealed record AlreadyThere(int TraineeIndex) : MoveOutcome;
}

/// <summary>
/// Moves trainees to another session. The sessions are two partitions, so two transactions, in an order that never
/// loses a place: first the target enrolment with its places, seat rows and locks (refused, with nothing written, if
/// the target lacks public places or a trainee is already there); then the source, whose places are given back (to its
/// waiting list first) with a marker <c>move|{targetId}</c>. The target's id is derived from the request, so a retry after
/// a crash in between finds the target written and completes the source; after the marker, a retry changes nothing.
/// </summary>
internal sealed class TraineeMoves(
    TableServiceClient tables, StorageSetup storage, SeatAllocator seats, TraineeLocks locks, OutboxDispatcher outbox, IWaitingListOffers offers,
    CourseCatalogue catalogue, TimeProvider clock)
{
    private const string MovePrefix = "move|";
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public async Task<MoveOutcome> MoveAsync(string sourceId, string toSession, IReadOnlyList<int>? traineeIndexes, Actor actor, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Enrolments);
        if (!RecordId.TryParse(sourceId, out var sourceSession) || await ReadAsync(table, sourceSession, sourceId, cancellationToken) is not { } source)
            return new MoveOutcome.NotFound();
        if (catalogue.FindSession(toSession) is not { } found) return new MoveOutcome.UnknownSession();
        var targetId = TargetId(sourceId, toSession, traineeIndexes);
        if (await ExistsAsync(table, sourceSession, MovePrefix + targetId, cancellationToken)
            && await ReadAsync(table, toSession, targetId, cancellationToken) is { } done)
            return new MoveOutcome.Moved(done.Record, source.Record);

        var sessionEnd = new DateTimeOffset(found.Session.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var decision = TraineeMove.Decide(source.Record, traineeIndexes, targetId, toSession, found.Course.Slug, sessionEnd, clock.GetUtcNow());
        if (decision is not MoveDecision.Move { Plan: var plan }) return new MoveOutcome.Refused(decision);

        // 1. The target, unless a first attempt already wrote it.
        var target = (await ReadAsync(table, toSession, targetId, cancellationToken))?.Record;
        if (target is null)
        {
            var written = await WriteTargetAsync(table, plan, source.Record, found.Session.Capacity, actor, cancellationToken);
            if (written is not MoveOutcome.Moved { Target: var t }) return written;
            target = t;
        }

        // 2. The source: places given back only now that they are taken there.
        var sourceAfter = await ReleaseSourceAsync(table, sourceId, sourceSession, targetId, traineeIndexes, toSession, found, sessionEnd, actor, cancellationToken);
        return new MoveOutcome.Moved(target, sourceAfter ?? source.Record);
    }

    private async Task<MoveOutcome> WriteTargetAsync(TableClient table, MovePlan plan, EnrolmentRecord source, int capacity, Actor actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var free = await seats.FreeAsync(table, plan.Target.SessionId, capacity, cancellationToken);
            if (free.Count < plan.Target.Trainees.Count) return new MoveOutcome.NotEnoughSeats(free.Count);
            var target = plan.Target with { Seats = SeatAllocator.PickRandom(free, plan.Target.Trainees.Count) };
            var now = clock.GetUtcNow();
            var rows = OutboxRecord.ForNotices(target.SessionId, RowKey(target), plan.TargetNotices, now);
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, ToEntity(target)),
                .. seats.Held(target).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)),
                .. locks.Of(target).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)),
                new(TableTransactionActionType.Add, TimelineRows.Row(target, "MovedIn", actor, source.State, target.State,
                    new Dictionary<string, string> { ["from"] = source.Id }, now)),
                .. rows.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                seats.Took(target.SessionId, target.Seats);
                await outbox.EnqueueAsync(TableNames.Enrolments, rows, cancellationToken);
                return new MoveOutcome.Moved(target, source);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 && e.FailedTransactionActionIndex is { } index)
            {
                var failed = actions[index].Entity.RowKey;
                if (TraineeLocks.IsLock(failed)) return new MoveOutcome.AlreadyThere(locks.IndexOf(target, failed));
                // Written meanwhile by a concurrent retry of the same move: that is the target.
                if (failed == RowKey(target)) return new MoveOutcome.Moved((await ReadAsync(table, target.SessionId, target.Id, cancellationToken))!.Record, source);
                // A place was taken in between: look again.
            }
        }
        return new MoveOutcome.NotEnoughSeats(0);
    }

    /// <summary>Gives the moved trainees' places and locks back in the source, once (the marker), read fresh on each attempt.</summary>
    private async Task<EnrolmentRecord?> ReleaseSourceAsync(TableClient table, string sourceId, string sourceSession, string targetId, IReadOnlyList<int>? traineeIndexes,
        string toSession, (Course Course, CourseSession Session) found, DateTimeOffset sessionEnd, Actor actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await ExistsAsync(table, sourceSession, MovePrefix + targetId, cancellationToken)) return null;
            var source = (await ReadAsync(table, sourceSession, sourceId, cancellationToken))!;
            var now = clock.GetUtcNow();
            if (TraineeMove.Decide(source.Record, traineeIndexes, targetId, toSession, found.Course.Slug, sessionEnd, now) is not MoveDecision.Move { Plan: var plan })
                return null;
            var movedOut = source.Record with { Trainees = plan.Target.Trainees };
            var keptBack = plan.ReleasedSeats.Count > 0 && await SeatAllocator.AnyoneWaitingAsync(table, sourceSession, cancellationToken);
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.UpdateReplace, ToEntity(plan.SourceAfter), source.ETag),
                .. plan.ReleasedSeats.Select(n => keptBack
                    ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, SeatAllocator.Reserved(sourceSession, n))
                    : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(sourceSession, Keys.Seat(n)), ETag.All)),
                .. locks.Of(movedOut).Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)),
                new(TableTransactionActionType.Add, new TableEntity(sourceSession, MovePrefix + targetId) { ["MovedAt"] = now }),
                new(TableTransactionActionType.Add, TimelineRows.Row(plan.SourceAfter, "MovedOut", actor, source.Record.State, plan.SourceAfter.State,
                    new Dictionary<string, string> { ["to"] = targetId, ["trainees"] = plan.Target.Trainees.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, now)),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                seats.Forget(sourceSession);
                if (keptBack) await offers.OfferAsync(sourceSession, cancellationToken);
                return plan.SourceAfter;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
            {
                // Changed meanwhile, or the marker written by a concurrent retry: look again.
            }
        }
        throw new InvalidOperationException($"Enrolment {sourceId} kept changing while its trainees were moved; a retry completes the move.");
    }

    /// <summary>The same request (source, target, trainees) always names the same target enrolment: a retry finds it.</summary>
    private static string TargetId(string sourceId, string toSession, IReadOnlyList<int>? indexes)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceId}|{toSession}|{string.Join(',', (indexes ?? []).Distinct().Order())}"));
        return $"{toSession}_{new string(hash.Take(16).Select(b => IdAlphabet[b % IdAlphabet.Length]).ToArray())}";
    }

    private static async Task<StoredEnrolment?> ReadAsync(TableClient table, string sessionId, string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, RowKey(id), cancellationToken: cancellationToken);
        return response.HasValue ? new StoredEnrolment(FromEntity(response.Value!), response.Value!.ETag) : null;
    }

    private static async Task<bool> ExistsAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;
}
