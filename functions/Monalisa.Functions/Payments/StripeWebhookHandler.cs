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
internal sealed class StripeWebhookHandler(StripeSettings settings, EnrolmentTransitions transitions, TimeProvider clock, ILogger<StripeWebhookHandler> logger)
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

        if (stripeEvent.Data.Object is not Session checkout) return new WebhookOutcome.Ignored();
        var enrolmentId = checkout.ClientReferenceId ?? checkout.Metadata?.GetValueOrDefault(StripeCheckoutGateway.EnrolmentIdKey);
        if (!RecordId.TryParse(enrolmentId, out var sessionId)) return new WebhookOutcome.Ignored();
        var marker = new TableEntity(sessionId, Keys.StripeEventPrefix + stripeEvent.Id) { ["Type"] = stripeEvent.Type, ["ReceivedAt"] = clock.GetUtcNow() };

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
