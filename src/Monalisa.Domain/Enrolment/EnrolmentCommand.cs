using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Enrolment;

/// <summary>Something that happened to an enrolment, with what <see cref="EnrolmentDecisions"/> needs to decide.</summary>
public abstract record EnrolmentCommand
{
    /// <summary>Stripe reported a checkout as paid.</summary>
    public sealed record PaymentReported(long AmountCents, string? Currency, string Reference, DateTimeOffset PaidAt, string CheckoutSessionId) : EnrolmentCommand;

    /// <summary>
    /// The hold ran out: the timer (no checkout named; <paramref name="Policy"/> says when each hold lapses) or Stripe's
    /// expiry of <paramref name="CheckoutSessionId"/> (a payment or a card-setup Checkout).
    /// </summary>
    public sealed record HoldExpired(string? CheckoutSessionId = null, HoldPolicy? Policy = null) : EnrolmentCommand;

    /// <summary>The timer found an invoice hold close to its end: staff are reminded (once per deadline, by the caller's marker).</summary>
    public sealed record InvoiceReminderDue(HoldPolicy Policy) : EnrolmentCommand;

    /// <summary>Staff give an invoice enrolment <paramref name="Days"/> more days before it lapses.</summary>
    public sealed record HoldExtended(int Days, HoldPolicy Policy) : EnrolmentCommand;

    /// <summary>Staff received the purchase order of an invoice enrolment: the places are confirmed, the reference kept.</summary>
    public sealed record PurchaseOrderRecorded(string Reference) : EnrolmentCommand;

    /// <summary>The refund of a « paid, no seat » enrolment is about to be asked of Stripe.</summary>
    public sealed record RefundStarted : EnrolmentCommand;

    /// <summary>A recovery Checkout was opened for an overdue instalment (its <paramref name="Attempt"/>-th): kept to be reused.</summary>
    public sealed record RecoveryCheckoutOpened(int Number, int Attempt, string CheckoutSessionId, string Url) : EnrolmentCommand;

    /// <summary>The payment failed: staff or timers (no checkout named), or Stripe about <paramref name="CheckoutSessionId"/>.</summary>
    public sealed record PaymentFailed(string? CheckoutSessionId = null) : EnrolmentCommand;

    public sealed record StaffConfirmed : EnrolmentCommand;

    public sealed record Cancelled : EnrolmentCommand;

    /// <summary>The refund of a « paid, no seat » enrolment was issued.</summary>
    public sealed record Refunded : EnrolmentCommand;

    /// <summary>The self-funded trainee uses the withdrawal right; <paramref name="Today"/> is the local date (10-day rule).</summary>
    public sealed record Withdrew(DateOnly Today, TimeZoneInfo Zone) : EnrolmentCommand;

    public sealed record InstalmentPaid(int Number, long AmountCents, string PaymentIntentId) : EnrolmentCommand;

    /// <summary>An off-session charge failed; the place is kept for <paramref name="Grace"/>.</summary>
    public sealed record InstalmentFailed(int Number, string Code, string? PaymentIntentId, TimeSpan Grace) : EnrolmentCommand;

    public sealed record GraceExpired : EnrolmentCommand;

    /// <summary>A setup checkout saved a card for the off-session charges (no money, no move).</summary>
    public sealed record CardSaved(string PaymentMethodId, string? CustomerId) : EnrolmentCommand;

    /// <summary>Staff recorded a payment received for an invoice (the first one on an unconfirmed invoice also confirms it).</summary>
    public sealed record PaymentRecorded(RecordedPayment Payment) : EnrolmentCommand;

    /// <summary>
    /// Staff cancel the whole enrolment (<paramref name="TraineeEmail"/> null) or one trainee, named by address so that a
    /// repeated request never cancels the next one. <see cref="CancellationTerms"/> decide the refund from the reason and
    /// the day (<paramref name="Today"/> against <paramref name="LastEnrolmentDay"/>).
    /// </summary>
    public sealed record CancelledWithTerms(string? TraineeEmail, CancellationReason Reason, DateOnly Today, DateOnly LastEnrolmentDay, string? By, string? Note = null) : EnrolmentCommand;

    /// <summary>Staff send a trainee's convocation again (a new email, the same calendar UID).</summary>
    public sealed record ConvocationResent(string TraineeEmail) : EnrolmentCommand;

    /// <summary>
    /// Staff settle a trainee's volunteer declaration: confirmed, or refused, when the trainee is re-priced at the
    /// professional rate (<paramref name="Professional"/>, from the course's tariffs) as the conditions of sale say.
    /// </summary>
    public sealed record VolunteerDecided(string TraineeEmail, bool Confirmed, InterRate Professional) : EnrolmentCommand;

    /// <summary>Places kept back for the waiting list are offered to this request until <paramref name="ExpiresAt"/>.</summary>
    /// <param name="Seats">The places the store kept back and hands over (chosen by WaitingList.WaitingLine).</param>
    /// <param name="TokenSeed">A fresh seed for the offer's links, used only when the request has none yet.</param>
    public sealed record OfferMade(IReadOnlyList<int> Seats, DateTimeOffset ExpiresAt, string TokenSeed) : EnrolmentCommand;

    /// <summary>The payer confirms an offer: a card hold of <paramref name="CardHold"/> (a new access token) or an invoice hold.</summary>
    /// <param name="TokenHash">The hash of the new access token a card payment's return pages carry (the first one is never stored).</param>
    public sealed record OfferAccepted(TimeSpan CardHold, HoldPolicy Policy, string TokenHash) : EnrolmentCommand;

    /// <summary>The payer declines an offer: its places go to the next in line.</summary>
    public sealed record OfferDeclined : EnrolmentCommand;

    /// <summary>The offer's time ran out (timer): its places go to the next in line.</summary>
    public sealed record OfferLapsed : EnrolmentCommand;

    /// <summary>The command of a trigger that carries nothing but itself (timers, staff actions).</summary>
    public static EnrolmentCommand Of(EnrolmentTrigger trigger) => trigger switch
    {
        EnrolmentTrigger.HoldExpired => new HoldExpired(),
        EnrolmentTrigger.PaymentFailed => new PaymentFailed(),
        EnrolmentTrigger.StaffConfirmed => new StaffConfirmed(),
        EnrolmentTrigger.Cancelled => new Cancelled(),
        EnrolmentTrigger.RefundStarted => new RefundStarted(),
        EnrolmentTrigger.Refunded => new Refunded(),
        EnrolmentTrigger.GraceExpired => new GraceExpired(),
        _ => throw new ArgumentException($"{trigger} needs its data: build its command.", nameof(trigger)),
    };

    /// <summary>
    /// Staff replace the trainee at <paramref name="TraineeEmail"/> (named by address, so that a repeated request never
    /// replaces the next one) by <paramref name="Replacement"/>, validated; <paramref name="Today"/> against
    /// <paramref name="SessionStart"/>: a session that started keeps its trainees.
    /// </summary>
    public sealed record TraineeReplaced(string TraineeEmail, Trainee Replacement, DateOnly Today, DateOnly SessionStart, string? By) : EnrolmentCommand;

    /// <summary>Invoicing (issue 17): a document issued for the enrolment, recorded on it (timeline, console, next step).</summary>
    public sealed record DocumentIssued(Invoicing.IssuedDocument Document) : EnrolmentCommand;

    /// <summary>
    /// The organisation accepted its convention de formation online (<paramref name="Acceptance"/>: when, the hash of the
    /// text it was shown, who signed): an invoice enrolment awaiting payment is confirmed (Conventions.ConventionDecisions).
    /// </summary>
    public sealed record ConventionAccepted(Conventions.ConventionAcceptance Acceptance) : EnrolmentCommand;

    /// <summary>
    /// BPF (issue 18): staff correct the enrolment's funding class (<paramref name="Class"/>) for the bilan pédagogique
    /// et financier, with a <paramref name="Reason"/>; the record keeps the latest, the timeline every correction.
    /// </summary>
    public sealed record FundingClassCorrected(FundingClass Class, string Reason, string? By) : EnrolmentCommand;
}
