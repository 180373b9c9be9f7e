namespace Monalisa.Domain.Enrolment;

/// <summary>Something that happened to an enrolment, with what <see cref="EnrolmentDecisions"/> needs to decide.</summary>
public abstract record EnrolmentCommand
{
    /// <summary>Stripe reported a checkout as paid.</summary>
    public sealed record PaymentReported(long AmountCents, string? Currency, string Reference, DateTimeOffset PaidAt, string CheckoutSessionId) : EnrolmentCommand;

    /// <summary>The hold ran out: the timer (no checkout named) or Stripe's expiry of <paramref name="CheckoutSessionId"/>.</summary>
    public sealed record HoldExpired(string? CheckoutSessionId = null) : EnrolmentCommand;

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

    /// <summary>The command of a trigger that carries nothing but itself (timers, staff actions).</summary>
    public static EnrolmentCommand Of(EnrolmentTrigger trigger) => trigger switch
    {
        EnrolmentTrigger.HoldExpired => new HoldExpired(),
        EnrolmentTrigger.PaymentFailed => new PaymentFailed(),
        EnrolmentTrigger.StaffConfirmed => new StaffConfirmed(),
        EnrolmentTrigger.Cancelled => new Cancelled(),
        EnrolmentTrigger.Refunded => new Refunded(),
        EnrolmentTrigger.GraceExpired => new GraceExpired(),
        _ => throw new ArgumentException($"{trigger} needs its data: build its command.", nameof(trigger)),
    };
}
