using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Enrolment;

// The payment services an enrolment needs, declared where they are needed: Payments (Stripe Checkout) and SelfFunded
// (card setup, off-session instalments) implement them, so Enrolment depends on neither.


internal abstract record CheckoutOutcome
{
    public sealed record Created(string SessionId, string Url) : CheckoutOutcome;
    /// <summary>The payment service failed or did not answer in time.</summary>
    public sealed record Unavailable(string Reason) : CheckoutOutcome;
}

/// <summary>Opens a hosted payment page for a card enrolment: Stripe Checkout, or the local host's offline stand-in.</summary>
internal interface ICheckoutGateway
{
    /// <param name="token">The enrolment's access token, for the return pages' status look-up.</param>
    Task<CheckoutOutcome> CreateAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, CancellationToken cancellationToken);

    /// <summary>Closes an open Checkout so it can take no more money (best effort: a payment that still lands is refunded).</summary>
    Task ExpireAsync(string checkoutSessionId, CancellationToken cancellationToken);

    /// <summary>Whether a Checkout can still be paid (to reuse it rather than open another).</summary>
    Task<bool> IsOpenAsync(string checkoutSessionId, CancellationToken cancellationToken);
}

internal abstract record SetupOutcome
{
    /// <param name="SessionId">The setup Checkout Session (saves the card, takes no money).</param>
    public sealed record Created(string SessionId, string Url, string CustomerId) : SetupOutcome;
    public sealed record Unavailable(string Reason) : SetupOutcome;
}

internal abstract record ChargeOutcome
{
    public sealed record Succeeded(string PaymentIntentId) : ChargeOutcome;
    /// <summary>The bank said no, or the trainee must authenticate (<c>authentication_required</c>): only the trainee can settle it.</summary>
    public sealed record Declined(string Code, string? PaymentIntentId) : ChargeOutcome;
    /// <summary>Stripe did not answer: nothing is recorded, the next timer run tries again with the same idempotency key.</summary>
    public sealed record Unavailable(string Reason) : ChargeOutcome;
}

/// <summary>Stripe for self-funded trainees: save a card (setup mode), charge an instalment off-session, or open a payment page for one.</summary>
internal interface IInstalmentGateway
{
    Task<SetupOutcome> CreateSetupAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, CancellationToken cancellationToken);

    /// <summary>The card a completed setup saved.</summary>
    Task<string?> PaymentMethodOfSetupAsync(string setupIntentId, CancellationToken cancellationToken);

    Task<ChargeOutcome> ChargeAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, CancellationToken cancellationToken);

    /// <summary>
    /// A Checkout Session (mode payment) for one instalment, after an off-session charge failed: the
    /// <paramref name="attempt"/>-th for it, so that concurrent or repeated requests of one attempt get the same one.
    /// </summary>
    Task<CheckoutOutcome> CreateInstalmentCheckoutAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, Course course, int attempt, CancellationToken cancellationToken);
}
