using System.Globalization;
using Azure.Data.Tables;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Payments;

// Payments and SelfFunded depend one way: SelfFunded uses Payments' Stripe pieces (keys, checkout ids) and implements
// this interface; the webhook, which only reads Stripe events, hands instalment events on through it without knowing
// the ledger.

/// <summary>What the Stripe webhook reports about instalments (implemented by the instalment ledger).</summary>
internal interface IInstalmentEvents
{
    /// <summary>A setup checkout completed: the card to charge off-session.</summary>
    Task<TransitionOutcome> RecordCardAsync(string enrolmentId, string? setupIntentId, string? customerId, TableEntity marker, CancellationToken cancellationToken);

    Task<TransitionOutcome> RecordPaidAsync(string enrolmentId, int number, string paymentIntentId, long amountCents, CancellationToken cancellationToken);

    Task<TransitionOutcome> RecordFailedAsync(string enrolmentId, int number, string code, string? paymentIntentId, CancellationToken cancellationToken);
}

/// <summary>The metadata that marks a Stripe object as one instalment of a self-funded enrolment.</summary>
internal static class InstalmentKeys
{
    public const string InstalmentKey = "instalment";

    /// <summary>Stripe's idempotency key of an instalment's off-session charge: one PaymentIntent per instalment, whoever retries.</summary>
    public static string Charge(string enrolmentId, int number) => $"instalment-{enrolmentId}-{number}";

    /// <summary>Stripe's idempotency key of an instalment's recovery Checkout: one per attempt (a new attempt only once the last one closed).</summary>
    public static string RecoveryCheckout(string enrolmentId, int number, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"instalment-checkout-{enrolmentId}-{number}-{attempt}");

    public static int? NumberOf(Dictionary<string, string>? metadata) =>
        metadata?.GetValueOrDefault(InstalmentKey) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
