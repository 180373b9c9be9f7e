using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Email;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Storage;
using Stripe;
using Stripe.Checkout;

namespace Monalisa.Functions.Payments;

internal abstract record WebhookOutcome
{
    public sealed record BadSignature : WebhookOutcome;
    /// <summary>Not an event we act on, or not about one of our enrolments.</summary>
    public sealed record Ignored : WebhookOutcome;
    public sealed record Handled(TransitionOutcome Outcome) : WebhookOutcome;
}

/// <summary>
/// Verifies a Stripe event on its raw body, then applies it once: the event id is written as a marker in the same
/// transaction as the change, so redeliveries — even concurrent ones — change nothing twice.
/// </summary>
internal sealed class StripeWebhookHandler(StripeSettings settings, EnrolmentTransitions transitions, SelfFunded.InstalmentLedger ledger, TimeProvider clock, ILogger<StripeWebhookHandler> logger)
{
    public async Task<WebhookOutcome> HandleAsync(string json, string? signature, CancellationToken cancellationToken)
    {
        Event stripeEvent;
        try
        {
            if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(settings.WebhookSecret)) return new WebhookOutcome.BadSignature();
            stripeEvent = EventUtility.ConstructEvent(json, signature, settings.WebhookSecret, StripeSettings.SignatureToleranceSeconds, throwOnApiVersionMismatch: true);
        }
        catch (StripeException e)
        {
            logger.LogWarning("Stripe webhook refused: {Reason}", e.Message);
            return new WebhookOutcome.BadSignature();
        }

        if (stripeEvent.Data.Object is PaymentIntent intent) return await InstalmentIntentAsync(stripeEvent, intent, cancellationToken);
        if (stripeEvent.Data.Object is not Session checkout) return new WebhookOutcome.Ignored();
        var enrolmentId = checkout.ClientReferenceId ?? checkout.Metadata?.GetValueOrDefault(StripeCheckoutGateway.EnrolmentIdKey);
        if (!RecordId.TryParse(enrolmentId, out var sessionId)) return new WebhookOutcome.Ignored();
        var marker = new TableEntity(sessionId, Keys.StripeEventPrefix + stripeEvent.Id) { ["Type"] = stripeEvent.Type, ["ReceivedAt"] = clock.GetUtcNow() };

        // Self-funded: the setup checkout saved a card (no money), or a recovery checkout paid one instalment.
        if (stripeEvent.Type == EventTypes.CheckoutSessionCompleted && checkout.Mode == "setup")
            return new WebhookOutcome.Handled(await ledger.RecordCardAsync(enrolmentId!, checkout.SetupIntentId, checkout.CustomerId, marker, cancellationToken));
        if (SelfFunded.InstalmentLedger.InstalmentNumber(checkout.Metadata) is { } paidNumber)
        {
            if (stripeEvent.Type is EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded && checkout.PaymentStatus == "paid")
                return new WebhookOutcome.Handled(await ledger.RecordPaidAsync(enrolmentId!, paidNumber, checkout.PaymentIntentId ?? checkout.Id, checkout.AmountTotal ?? 0, cancellationToken));
            return new WebhookOutcome.Ignored();
        }

        var (trigger, work) = stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted when checkout.PaymentStatus == "paid" => (EnrolmentTrigger.PaymentSucceeded, Paid(stripeEvent, checkout, marker)),
            EventTypes.CheckoutSessionAsyncPaymentSucceeded => (EnrolmentTrigger.PaymentSucceeded, Paid(stripeEvent, checkout, marker)),
            EventTypes.CheckoutSessionAsyncPaymentFailed => (EnrolmentTrigger.PaymentFailed, new TransitionWork(Marker: marker)),
            EventTypes.CheckoutSessionExpired => (EnrolmentTrigger.HoldExpired, new TransitionWork(Marker: marker)),
            // « completed » but unpaid (bank debits…): wait for the async events.
            _ => ((EnrolmentTrigger?)null, (TransitionWork?)null),
        };
        if (trigger is null) return new WebhookOutcome.Ignored();

        var outcome = await transitions.ApplyAsync(enrolmentId!, trigger.Value, work, cancellationToken);
        logger.LogInformation("Stripe {EventType} {EventId} on {EnrolmentId}: {Outcome}.", stripeEvent.Type, stripeEvent.Id, enrolmentId, outcome.GetType().Name);
        return new WebhookOutcome.Handled(outcome);
    }

    /// <summary>
    /// An off-session instalment charge. The instalment marker makes it count once, whether the timer's own answer or
    /// this event records it first; a PaymentIntent without an instalment number (ordinary checkout) is not ours here.
    /// </summary>
    private async Task<WebhookOutcome> InstalmentIntentAsync(Event stripeEvent, PaymentIntent intent, CancellationToken cancellationToken)
    {
        var enrolmentId = intent.Metadata?.GetValueOrDefault(StripeCheckoutGateway.EnrolmentIdKey);
        if (!RecordId.TryParse(enrolmentId, out _) || SelfFunded.InstalmentLedger.InstalmentNumber(intent.Metadata) is not { } number)
            return new WebhookOutcome.Ignored();
        var outcome = stripeEvent.Type switch
        {
            EventTypes.PaymentIntentSucceeded => await ledger.RecordPaidAsync(enrolmentId!, number, intent.Id, intent.AmountReceived, cancellationToken),
            EventTypes.PaymentIntentPaymentFailed => await ledger.RecordFailedAsync(enrolmentId!, number, intent.LastPaymentError?.Code ?? "payment_failed", intent.Id, cancellationToken),
            _ => null,
        };
        if (outcome is null) return new WebhookOutcome.Ignored();
        logger.LogInformation("Stripe {EventType} {EventId}, instalment {Number} of {EnrolmentId}: {Outcome}.", stripeEvent.Type, stripeEvent.Id, number, enrolmentId, outcome.GetType().Name);
        return new WebhookOutcome.Handled(outcome);
    }

    private TransitionWork Paid(Event stripeEvent, Session checkout, TableEntity marker) => new(
        Change: e => e with
        {
            PaymentReference = checkout.PaymentIntentId ?? checkout.Id,
            PaidAt = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc)),
            PaidAmountCents = checkout.AmountTotal,
            CheckoutSessionId = checkout.Id,
        },
        Marker: marker,
        // Confirm only what was quoted: another amount or currency is for staff to look at, never silently accepted.
        Veto: e => checkout.AmountTotal == e.TotalCents && string.Equals(checkout.Currency, "eur", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Montant payé ({checkout.AmountTotal} {checkout.Currency}) différent du devis ({e.TotalCents} eur) : inscription non confirmée.",
        VetoOutbox: e => EmailPlan.StaffAlert(e, EmailKind.StaffAmountMismatch, clock.GetUtcNow()));
}
