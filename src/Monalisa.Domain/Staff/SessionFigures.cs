using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Staff;

/// <summary>Why an enrolment waits for a person of the team: each links to the enrolment's page.</summary>
public enum DecisionReason
{
    /// <summary>Something only a person can settle was noted on the record (an amount that differs from the quote…).</summary>
    StaffAttention,
    /// <summary>Paid after its places went to others: give a place or refund.</summary>
    PaidNoSeat,
    /// <summary>A self-funded instalment failed: the place is kept for the grace period only.</summary>
    InstalmentOverdue,
    /// <summary>An invoice hold lapses soon (within <see cref="SessionFigures.LapsingWithin"/>): extend it, or record the order.</summary>
    InvoiceHoldLapsing,
    /// <summary>A volunteer's declaration waits for approval of the reduced rate.</summary>
    VolunteerApproval,
}

/// <summary>One enrolment waiting for a staff decision, and why (<paramref name="Until"/>: the hold's end, when one runs out).</summary>
public sealed record DecisionNeeded(string EnrolmentId, DecisionReason Reason, DateTimeOffset? Until = null);

/// <summary>Places held by enrolments not yet confirmed, per state (card payment, invoice, contract, and any other state that keeps places).</summary>
public sealed record HeldPlaces(EnrolmentState State, int Places);

/// <summary>
/// One session at a glance, counted from its enrolment records alone: the staff dashboard shows these figures, and a test
/// counts the same from the raw rows, so the screen always says what storage holds.
/// </summary>
public sealed record SessionFigures(
    int Confirmed,
    IReadOnlyList<HeldPlaces> Held,
    int WaitingRequests,
    int WaitingTrainees,
    long PaidCents,
    long UnpaidInvoicedCents,
    long RefundedCents,
    int FailedEmails,
    IReadOnlyList<DecisionNeeded> Decisions)
{
    /// <summary>An invoice hold that ends within this time is shown as needing a decision.</summary>
    public static readonly TimeSpan LapsingWithin = TimeSpan.FromHours(48);

    /// <summary>The held states named first, in the order the dashboard shows them (other seat-holding states follow).</summary>
    public static readonly IReadOnlyList<EnrolmentState> HeldReasons =
        [EnrolmentState.PendingPayment, EnrolmentState.AwaitingInvoice, EnrolmentState.ContractSigned];

    public int HeldTotal => Held.Sum(h => h.Places);

    public int PlacesTaken => Confirmed + HeldTotal;

    /// <param name="records">Every enrolment of the session.</param>
    /// <param name="failedEmails">Outbox rows of the session whose sending failed for good.</param>
    /// <param name="holds">When each hold lapses (the invoice hold's end, extended or not).</param>
    public static SessionFigures Of(IReadOnlyCollection<EnrolmentRecord> records, int failedEmails, DateTimeOffset now, HoldPolicy holds)
    {
        // Places are the seat rows an enrolment holds, not its trainees: the seat rows are what the session counts.
        var confirmed = records.Where(r => r.State == EnrolmentState.Confirmed).Sum(r => r.Seats.Count);
        var held = records
            .Where(r => r.State != EnrolmentState.Confirmed && EnrolmentStateMachine.HoldsSeats(r.State))
            .GroupBy(r => r.State)
            .Select(g => new HeldPlaces(g.Key, g.Sum(r => r.Seats.Count)))
            .OrderBy(h => HeldReasons.Contains(h.State) ? HeldReasons.ToList().IndexOf(h.State) : HeldReasons.Count + (int)h.State)
            .ToList();
        var waiting = records.Where(r => r.State == EnrolmentState.WaitingList).ToList();
        var money = records.Select(EnrolmentMoney.Of).ToList();
        return new SessionFigures(
            confirmed, held, waiting.Count, waiting.Sum(r => r.Trainees.Count),
            money.Sum(m => m.PaidCents), money.Sum(m => m.UnpaidInvoicedCents), money.Sum(m => m.RefundedCents),
            failedEmails,
            [.. records.OrderBy(r => r.CreatedAt).SelectMany(r => DecisionsFor(r, now, holds))]);
    }

    /// <summary>What one enrolment waits for from the team, if anything (several reasons may apply at once).</summary>
    public static IEnumerable<DecisionNeeded> DecisionsFor(EnrolmentRecord record, DateTimeOffset now, HoldPolicy holds)
    {
        if (record.AnonymisedAt is not null) yield break;
        if (record.State == EnrolmentState.PaidNoSeat)
            yield return new DecisionNeeded(record.Id, DecisionReason.PaidNoSeat);
        else if (!string.IsNullOrWhiteSpace(record.StaffAttention) && Live(record.State))
            yield return new DecisionNeeded(record.Id, DecisionReason.StaffAttention);
        if (record.State == EnrolmentState.InstalmentOverdue)
            yield return new DecisionNeeded(record.Id, DecisionReason.InstalmentOverdue, record.GraceExpiresAt);
        if (record.State == EnrolmentState.AwaitingInvoice && holds.DeadlineOf(record) is { } deadline && deadline - now <= LapsingWithin)
            yield return new DecisionNeeded(record.Id, DecisionReason.InvoiceHoldLapsing, deadline);
        if (Live(record.State) && record.Trainees.Any(t => t.VolunteerDeclaration?.AwaitsApproval == true))
            yield return new DecisionNeeded(record.Id, DecisionReason.VolunteerApproval);
    }

    /// <summary>A note or a declaration matters while the enrolment keeps (or waits for) its places, not once it has ended.</summary>
    private static bool Live(EnrolmentState state) =>
        EnrolmentStateMachine.HoldsSeats(state) || state is EnrolmentState.WaitingList or EnrolmentState.RefundPending;
}
