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
/// The enrolment store's reads across a session or the whole table, for timers, staff pages and retention: what they
/// find is decided again on a fresh read before anything is written (see <see cref="CommitAsync"/>).
/// </summary>
internal sealed partial class EnrolmentStore
{
    // Each query builds its filter with CreateQueryFilter at the call, so that the source scan can check every one.

    /// <summary>Self-funded enrolments the instalment timer looks at: waiting for a charge, or in their grace period.</summary>
    public async Task<List<EnrolmentRecord>> SelfFundedOpenAsync(CancellationToken cancellationToken) =>
        await RecordsAsync((await TableAsync()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and (State eq {nameof(EnrolmentState.ContractSigned)} or State eq {nameof(EnrolmentState.PartlyPaid)} or State eq {nameof(EnrolmentState.InstalmentOverdue)})"),
            cancellationToken: cancellationToken));

    /// <summary>Enrolments still waiting for payment whose hold has run out.</summary>
    public async Task<List<EnrolmentRecord>> ExpiredHoldsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await RecordsAsync((await TableAsync()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {nameof(EnrolmentState.PendingPayment)} and HoldExpiresAt lt {now}"),
            cancellationToken: cancellationToken));

    /// <summary>Every enrolment in one state (holds with a deadline, refunds in progress): few at a time.</summary>
    public async Task<List<EnrolmentRecord>> InStateAsync(EnrolmentState state, CancellationToken cancellationToken) =>
        await RecordsAsync((await TableAsync()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {state.ToString()}"),
            cancellationToken: cancellationToken));

    /// <summary>Paid enrolments without a place, paid before <paramref name="paidBefore"/>: due for a refund.</summary>
    public async Task<List<EnrolmentRecord>> PaidWithoutSeatAsync(DateTimeOffset paidBefore, CancellationToken cancellationToken) =>
        await RecordsAsync((await TableAsync()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and State eq {nameof(EnrolmentState.PaidNoSeat)} and PaidAt lt {paidBefore}"),
            cancellationToken: cancellationToken));

    /// <summary>Every enrolment of a session (staff export, tests).</summary>
    public async Task<List<EnrolmentRecord>> ForSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        [.. (await RecordsAsync((await TableAsync()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)}"),
            cancellationToken: cancellationToken))).OrderBy(e => e.CreatedAt)];

    /// <summary>
    /// The enrolments of a session that hold their places and still name their people: whom attendance lists and
    /// questionnaires ask (a cancelled, lapsed or anonymised enrolment is neither).
    /// </summary>
    public async Task<List<EnrolmentRecord>> HoldingPlacesAsync(string sessionId, CancellationToken cancellationToken) =>
        [.. (await ForSessionAsync(sessionId, cancellationToken)).Where(e => EnrolmentStateMachine.HoldsSeats(e.State) && e.AnonymisedAt is null)];

    /// <summary>Enrolments whose session ended before <paramref name="cutoff"/>, not yet anonymised (retention).</summary>
    public async IAsyncEnumerable<StoredEnrolment> EndedBeforeAsync(DateTimeOffset cutoff, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)} and SessionEnd lt {cutoff}");
        await foreach (var entity in (await TableAsync()).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var enrolment = FromEntity(entity);
            if (enrolment.AnonymisedAt is null) yield return new StoredEnrolment(enrolment, entity.ETag);
        }
    }
}
