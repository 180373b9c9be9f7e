namespace Monalisa.Domain.Enrolment;

/// <summary>The outcome of applying a trigger to a state.</summary>
public abstract record Transition
{
    /// <summary>The trigger moves the enrolment to <paramref name="To"/>.</summary>
    /// <param name="NeedsSeats">The new state holds places the old one did not: they must be taken again (and may be gone).</param>
    /// <param name="ReleasesSeats">The old state held places the new one gives back.</param>
    public sealed record Moved(EnrolmentState From, EnrolmentState To, bool NeedsSeats, bool ReleasesSeats) : Transition;

    /// <summary>Nothing to do: the enrolment is already where the trigger would take it (a redelivery, a second timer run).</summary>
    public sealed record AlreadyThere(EnrolmentState State) : Transition;

    /// <summary>The trigger makes no sense in this state and changes nothing.</summary>
    public sealed record Refused(EnrolmentState State, EnrolmentTrigger Trigger) : Transition;
}

/// <summary>
/// The enrolment states and the only moves between them. Payment and email plug into the moves:
/// a payment that arrives after the hold expired is never lost — it becomes <see cref="EnrolmentState.PaidNoSeat"/>
/// when the places cannot be taken again.
/// </summary>
public static class EnrolmentStateMachine
{
    public static bool HoldsSeats(EnrolmentState state) =>
        state is EnrolmentState.PendingPayment or EnrolmentState.AwaitingInvoice or EnrolmentState.Confirmed
            or EnrolmentState.ContractSigned or EnrolmentState.PartlyPaid or EnrolmentState.InstalmentOverdue
            or EnrolmentState.Offered;

    public static Transition Apply(EnrolmentState state, EnrolmentTrigger trigger) => (state, trigger) switch
    {
        // A card hold, an invoice hold and a self-funded hold before the card is saved all lapse; whether the time is up
        // (or the card already saved) is EnrolmentDecisions' to check.
        (EnrolmentState.PendingPayment or EnrolmentState.AwaitingInvoice or EnrolmentState.ContractSigned, EnrolmentTrigger.HoldExpired) => Move(state, EnrolmentState.Expired),
        (EnrolmentState.Expired, EnrolmentTrigger.HoldExpired) => new Transition.AlreadyThere(state),
        // A completed checkout wins over an expiry that came first or after.
        (EnrolmentState.Confirmed, EnrolmentTrigger.HoldExpired) => new Transition.AlreadyThere(state),

        (EnrolmentState.PendingPayment, EnrolmentTrigger.PaymentSucceeded) => Move(state, EnrolmentState.Confirmed),
        // A late payment after an expiry or a failure takes the places again if they are free; a cancelled enrolment
        // is never confirmed by a payment (EnrolmentDecisions refunds it and tells staff).
        (EnrolmentState.Expired or EnrolmentState.PaymentFailed, EnrolmentTrigger.PaymentSucceeded) => Move(state, EnrolmentState.Confirmed),
        (EnrolmentState.Confirmed or EnrolmentState.PaidNoSeat or EnrolmentState.RefundPending or EnrolmentState.Refunded, EnrolmentTrigger.PaymentSucceeded) => new Transition.AlreadyThere(state),

        (EnrolmentState.PendingPayment, EnrolmentTrigger.PaymentFailed) => Move(state, EnrolmentState.PaymentFailed),
        (EnrolmentState.PaymentFailed or EnrolmentState.Expired, EnrolmentTrigger.PaymentFailed) => new Transition.AlreadyThere(state),

        (EnrolmentState.AwaitingInvoice or EnrolmentState.PaidNoSeat, EnrolmentTrigger.StaffConfirmed) => Move(state, EnrolmentState.Confirmed),
        (EnrolmentState.Confirmed, EnrolmentTrigger.StaffConfirmed) => new Transition.AlreadyThere(state),

        (EnrolmentState.PendingPayment or EnrolmentState.AwaitingInvoice or EnrolmentState.Confirmed or EnrolmentState.WaitingList, EnrolmentTrigger.Cancelled) => Move(state, EnrolmentState.Cancelled),
        (EnrolmentState.Cancelled, EnrolmentTrigger.Cancelled) => new Transition.AlreadyThere(state),

        // The refund is stored as started before Stripe is called: from then on staff can no longer confirm a place.
        (EnrolmentState.PaidNoSeat, EnrolmentTrigger.RefundStarted) => Move(state, EnrolmentState.RefundPending),
        (EnrolmentState.RefundPending or EnrolmentState.Refunded, EnrolmentTrigger.RefundStarted) => new Transition.AlreadyThere(state),
        (EnrolmentState.RefundPending, EnrolmentTrigger.Refunded) => Move(state, EnrolmentState.Refunded),
        (EnrolmentState.Refunded, EnrolmentTrigger.Refunded) => new Transition.AlreadyThere(state),

        // Self-funded trainees (L6353-3 to L6353-7). Withdrawal is only possible before anything was charged;
        // the 10-day limit itself is a date rule (InstalmentSchedule.CanWithdraw), checked by the caller.
        (EnrolmentState.ContractSigned, EnrolmentTrigger.Withdrew) => Move(state, EnrolmentState.Withdrawn),
        (EnrolmentState.Withdrawn, EnrolmentTrigger.Withdrew) => new Transition.AlreadyThere(state),
        (EnrolmentState.ContractSigned, EnrolmentTrigger.Cancelled) => Move(state, EnrolmentState.Cancelled),
        (EnrolmentState.PartlyPaid or EnrolmentState.InstalmentOverdue, EnrolmentTrigger.Cancelled) => Move(state, EnrolmentState.Cancelled),

        // Each instalment is recorded once by a marker; the move itself may repeat the state (a second instalment).
        (EnrolmentState.ContractSigned or EnrolmentState.InstalmentOverdue or EnrolmentState.PartlyPaid, EnrolmentTrigger.InstalmentPaid) => Move(state, EnrolmentState.PartlyPaid),
        (EnrolmentState.ContractSigned or EnrolmentState.InstalmentOverdue or EnrolmentState.PartlyPaid, EnrolmentTrigger.LastInstalmentPaid) => Move(state, EnrolmentState.Confirmed),
        (EnrolmentState.Confirmed, EnrolmentTrigger.InstalmentPaid or EnrolmentTrigger.LastInstalmentPaid) => new Transition.AlreadyThere(state),
        // A charge that lands after the grace period or a cancellation: money without a place, for staff (refund).
        // (A cancelled enrolment is refunded instead, by EnrolmentDecisions.)
        (EnrolmentState.Expired or EnrolmentState.Withdrawn, EnrolmentTrigger.InstalmentPaid or EnrolmentTrigger.LastInstalmentPaid) =>
            new Transition.Moved(state, EnrolmentState.PaidNoSeat, NeedsSeats: false, ReleasesSeats: false),

        (EnrolmentState.ContractSigned or EnrolmentState.PartlyPaid, EnrolmentTrigger.InstalmentFailed) => Move(state, EnrolmentState.InstalmentOverdue),
        (EnrolmentState.InstalmentOverdue, EnrolmentTrigger.InstalmentFailed) => new Transition.AlreadyThere(state),

        (EnrolmentState.InstalmentOverdue, EnrolmentTrigger.GraceExpired) => Move(state, EnrolmentState.Expired),
        (EnrolmentState.Expired, EnrolmentTrigger.GraceExpired) => new Transition.AlreadyThere(state),

        // Waiting list. An offer takes no place from public sale: the store hands it places kept back for the line
        // (see EnrolmentCommit), so the move is written without SeatChange.Take. Confirming keeps the same places.
        (EnrolmentState.WaitingList, EnrolmentTrigger.OfferMade) => new Transition.Moved(state, EnrolmentState.Offered, NeedsSeats: false, ReleasesSeats: false),
        (EnrolmentState.Offered, EnrolmentTrigger.OfferMade) => new Transition.AlreadyThere(state),
        (EnrolmentState.Offered, EnrolmentTrigger.OfferTakenByCard) => Move(state, EnrolmentState.PendingPayment),
        (EnrolmentState.Offered, EnrolmentTrigger.OfferTakenByInvoice) => Move(state, EnrolmentState.AwaitingInvoice),
        // A second click on « confirmer » finds the offer already taken.
        (EnrolmentState.PendingPayment, EnrolmentTrigger.OfferTakenByCard) or (EnrolmentState.AwaitingInvoice, EnrolmentTrigger.OfferTakenByInvoice) => new Transition.AlreadyThere(state),
        (EnrolmentState.Offered, EnrolmentTrigger.OfferDeclined) => Move(state, EnrolmentState.OfferDeclined),
        (EnrolmentState.OfferDeclined, EnrolmentTrigger.OfferDeclined) => new Transition.AlreadyThere(state),
        (EnrolmentState.Offered, EnrolmentTrigger.OfferLapsed) => Move(state, EnrolmentState.OfferLapsed),
        (EnrolmentState.OfferLapsed, EnrolmentTrigger.OfferLapsed) => new Transition.AlreadyThere(state),
        (EnrolmentState.Offered, EnrolmentTrigger.Cancelled) => Move(state, EnrolmentState.Cancelled),

        // Convention de formation (D6353-1): its online acceptance confirms an invoice enrolment, as a purchase order does.
        (EnrolmentState.AwaitingInvoice, EnrolmentTrigger.ConventionAccepted) => Move(state, EnrolmentState.Confirmed),
        (EnrolmentState.Confirmed, EnrolmentTrigger.ConventionAccepted) => new Transition.AlreadyThere(state),

        _ => new Transition.Refused(state, trigger),
    };

    /// <summary>
    /// When a payment lands on an enrolment whose places were given back, and they cannot be taken again,
    /// it goes here instead of <see cref="EnrolmentState.Confirmed"/>.
    /// </summary>
    public static Transition.Moved NoSeatForPayment(EnrolmentState from) => new(from, EnrolmentState.PaidNoSeat, NeedsSeats: false, ReleasesSeats: false);

    private static Transition.Moved Move(EnrolmentState from, EnrolmentState to) =>
        new(from, to, NeedsSeats: !HoldsSeats(from) && HoldsSeats(to), ReleasesSeats: HoldsSeats(from) && !HoldsSeats(to));
}
