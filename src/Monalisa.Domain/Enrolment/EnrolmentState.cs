namespace Monalisa.Domain.Enrolment;

/// <summary>Where an enrolment stands. Only the states that <see cref="EnrolmentStateMachine.HoldsSeats"/> keep places.</summary>
public enum EnrolmentState
{
    /// <summary>Card enrolment: places held until a little after the checkout expires (see HoldPolicy).</summary>
    PendingPayment,
    /// <summary>Invoice enrolment: places held « en attente de règlement » for a set time (staff can extend it), until
    /// staff confirm it or record the purchase order; it lapses otherwise.</summary>
    AwaitingInvoice,
    Confirmed,
    /// <summary>The hold ran out before payment; places given back.</summary>
    Expired,
    Cancelled,
    /// <summary>Stored without a place, because the session was full.</summary>
    WaitingList,
    /// <summary>The card payment failed (async methods); places given back.</summary>
    PaymentFailed,
    /// <summary>Paid after the hold expired and the places went to others: staff confirm a place or it is refunded.</summary>
    PaidNoSeat,
    /// <summary>Paid, no place, and the money went back.</summary>
    Refunded,
    /// <summary>Paid, no place, and the refund is being asked of Stripe: stored before the call, so that a staff
    /// confirmation at the same moment is refused instead of leaving both a place and a refund.</summary>
    RefundPending,
    /// <summary>Self-funded trainee (individual + card): contract accepted, nothing charged yet. Until the card is saved the
    /// place is held for a short time only (the setup checkout's life); once saved, through the 10-day withdrawal period (L6353-5).</summary>
    ContractSigned,
    /// <summary>Self-funded: the first instalment (at most 30 %) is paid, place held, the balance is due on the session's first day.</summary>
    PartlyPaid,
    /// <summary>Self-funded: an off-session charge failed or needs authentication; the place stays held for the grace period.</summary>
    InstalmentOverdue,
    /// <summary>Self-funded: the trainee withdrew within the 10 days; place given back, nothing charged.</summary>
    Withdrawn,
    /// <summary>Waiting list: places freed for this request are held for it until <see cref="EnrolmentRecord.HoldExpiresAt"/>
    /// (the offer's end); the payer confirms (card or invoice) or declines by the links in the offer email.</summary>
    Offered,
    /// <summary>Waiting list: the payer said « je ne suis plus intéressé·e »; the places went to the next in line.</summary>
    OfferDeclined,
    /// <summary>Waiting list: the offer ran out unanswered; the places went to the next in line.</summary>
    OfferLapsed,
    /// <summary>Staff moved every trainee to another session: a new enrolment there holds them; places here given back.</summary>
    MovedOut,
}

/// <summary>What can happen to an enrolment.</summary>
public enum EnrolmentTrigger
{
    /// <summary>The hold's time ran out (timer) or Stripe said the checkout session (payment or card setup) expired.</summary>
    HoldExpired,
    /// <summary>Stripe reported the payment as paid.</summary>
    PaymentSucceeded,
    /// <summary>Stripe reported that an asynchronous payment failed.</summary>
    PaymentFailed,
    /// <summary>Staff confirm an invoice enrolment (payment or purchase order received) or give a paid enrolment a place.</summary>
    StaffConfirmed,
    /// <summary>Staff or the payer cancel.</summary>
    Cancelled,
    /// <summary>The refund of a « paid, no seat » enrolment is about to be asked of Stripe.</summary>
    RefundStarted,
    /// <summary>The refund of a « paid, no seat » enrolment was issued.</summary>
    Refunded,
    /// <summary>The self-funded trainee (link in the email) or staff used the withdrawal right within 10 days.</summary>
    Withdrew,
    /// <summary>An instalment that is not the last one was paid (off-session charge or recovery checkout).</summary>
    InstalmentPaid,
    /// <summary>The last instalment was paid: the quote is paid in full.</summary>
    LastInstalmentPaid,
    /// <summary>An off-session charge failed or needs the trainee's authentication.</summary>
    InstalmentFailed,
    /// <summary>The grace period after a failed instalment ran out unpaid.</summary>
    GraceExpired,
    /// <summary>Freed places were offered to this waiting-list request (see WaitingList.WaitingLine).</summary>
    OfferMade,
    /// <summary>The payer confirmed an offer to pay by card: a Checkout opens, with the normal card hold.</summary>
    OfferTakenByCard,
    /// <summary>The payer confirmed an offer to pay by invoice: the normal invoice hold starts.</summary>
    OfferTakenByInvoice,
    /// <summary>The payer declined the offer (« je ne suis plus intéressé·e »).</summary>
    OfferDeclined,
    /// <summary>The offer's time ran out.</summary>
    OfferLapsed,
    /// <summary>The organisation accepted its convention de formation online: it confirms an invoice enrolment.</summary>
    ConventionAccepted,
}
