namespace Monalisa.Domain.Enrolment;

/// <summary>
/// How long each kind of enrolment holds its places before it lapses, and how a card hold relates to its Stripe
/// Checkout: nobody blocks a session without paying, and a hold never ends while Stripe can still take the money.
/// </summary>
/// <param name="SelfFundedSetup">Self-funded, card not yet saved: the place is held this long after the contract is accepted.</param>
/// <param name="Invoice">Invoice: the places are held this long after the request, unless staff extend it.</param>
/// <param name="InvoiceReminderBefore">Staff are reminded this long before an invoice hold lapses.</param>
public sealed record HoldPolicy(TimeSpan SelfFundedSetup, TimeSpan Invoice, TimeSpan InvoiceReminderBefore)
{
    /// <summary>Stripe refuses a Checkout whose <c>expires_at</c> is less than 30 minutes after its creation (by Stripe's clock).</summary>
    public static readonly TimeSpan StripeMinimum = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Asked of Stripe on top of its minimum: a slow request, a retry or a clock a little ahead of ours never brings the
    /// expiry under 30 minutes by the time Stripe reads it.
    /// </summary>
    public static readonly TimeSpan CheckoutMargin = TimeSpan.FromMinutes(5);

    /// <summary>The hold ends this long after its Checkout: a payment made in the Checkout's last second still finds its places.</summary>
    public static readonly TimeSpan HoldMargin = TimeSpan.FromMinutes(10);

    /// <summary>A Checkout created later than this after its hold began would be too short for Stripe: it is not created.</summary>
    private static readonly TimeSpan SafetyAtCall = TimeSpan.FromMinutes(1);

    /// <summary>The shortest self-funded setup hold: a setup Checkout Stripe accepts, plus both margins.</summary>
    public static readonly TimeSpan ShortestSetupHold = StripeMinimum + CheckoutMargin + HoldMargin;

    /// <summary>A card hold for a Checkout asked to stay open <paramref name="checkoutOpen"/> (Stripe's minimum at least).</summary>
    public static TimeSpan CardHold(TimeSpan checkoutOpen) => Max(checkoutOpen, StripeMinimum) + CheckoutMargin + HoldMargin;

    /// <summary>
    /// The <c>expires_at</c> of a Checkout opened at <paramref name="now"/> for a hold that ends at <paramref name="holdEnds"/>:
    /// <see cref="HoldMargin"/> before the hold ends, so the same on every retry (Stripe's idempotency compares the
    /// parameters). Null when that is too close for Stripe to accept: better no Checkout than one the hold cannot cover.
    /// </summary>
    public static DateTimeOffset? CheckoutExpiry(DateTimeOffset holdEnds, DateTimeOffset now)
    {
        var expiresAt = holdEnds - HoldMargin;
        return expiresAt >= now + StripeMinimum + SafetyAtCall ? expiresAt : null;
    }

    /// <summary>When this enrolment's hold lapses, or null when it holds its places with no time limit (or none at all).</summary>
    public DateTimeOffset? DeadlineOf(EnrolmentRecord enrolment) => enrolment.State switch
    {
        // Anonymised (the session is years old, its locks are gone): nothing left to hold or to release.
        _ when enrolment.AnonymisedAt is not null => null,
        EnrolmentState.PendingPayment => enrolment.HoldExpiresAt,
        EnrolmentState.AwaitingInvoice => enrolment.HoldExpiresAt ?? enrolment.CreatedAt + Invoice,
        // Once the card is saved, the place is held through the withdrawal period and the instalments.
        EnrolmentState.ContractSigned when enrolment.PaymentMethodId is null =>
            enrolment.HoldExpiresAt ?? (enrolment.ContractAcceptedAt ?? enrolment.CreatedAt) + SelfFundedSetup,
        _ => null,
    };

    /// <summary>When staff are reminded of an invoice hold about to lapse (null for anything else).</summary>
    public DateTimeOffset? InvoiceReminderAt(EnrolmentRecord enrolment) =>
        enrolment.State == EnrolmentState.AwaitingInvoice && DeadlineOf(enrolment) is { } deadline ? deadline - InvoiceReminderBefore : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
