using Monalisa.Domain.Notices;

namespace Monalisa.Domain.Enrolment;

/// <summary>What a decision does to the places: the store picks which ones.</summary>
public enum SeatChange
{
    None,
    /// <summary>Take one place per trainee (and the trainees' locks); they may be gone, see <see cref="EnrolmentDecision.IfSeatsGone"/>.</summary>
    Take,
    /// <summary>Give back the places and locks the enrolment held before.</summary>
    Release,
    /// <summary>The places stay; the locks of the trainees who left go and those of the trainees who came are added.</summary>
    SwapLocks,
}

/// <summary>
/// A change to write in one transaction: the enrolment as it becomes, its places, and the emails it calls for.
/// </summary>
/// <param name="StaffOnly">The move was refused for a reason only a person can settle: the enrolment is only flagged.</param>
public sealed record EnrolmentDecision(EnrolmentRecord After, SeatChange Seats, IReadOnlyList<Notice> Notices, bool StaffOnly = false)
{
    /// <summary>What to write instead when <see cref="SeatChange.Take"/> cannot get the places (paid, no seat).</summary>
    public EnrolmentDecision? IfSeatsGone { get; init; }

    /// <summary>Payments to give back (one row each, written with the change: a payment is refunded once).</summary>
    public IReadOnlyList<RefundOrder> Refunds { get; init; } = [];
}

/// <summary>A payment that must go back in full: a second payment of an instalment, a payment for a cancelled enrolment.</summary>
/// <param name="Key">Names the refund row and its Stripe idempotency key; null: the payment itself (a full refund).</param>
public sealed record RefundOrder(string PaymentIntentId, long AmountCents, string? Key = null);

/// <summary>The answer of <see cref="EnrolmentDecisions.Decide"/>.</summary>
public abstract record Decision
{
    /// <summary>Write <paramref name="Change"/>.</summary>
    public sealed record Write(EnrolmentDecision Change) : Decision;

    /// <summary>Nothing to write: the enrolment is already where the command would take it (a redelivery).</summary>
    public sealed record Unchanged : Decision;

    /// <summary>The command makes no sense in this state; nothing changes.</summary>
    public sealed record Refused : Decision;

    /// <summary>The withdrawal period ended on <paramref name="LastDay"/>.</summary>
    public sealed record TooLate(DateOnly LastDay) : Decision;
}
