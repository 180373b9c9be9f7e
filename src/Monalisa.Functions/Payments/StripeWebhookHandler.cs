using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Storage;
using Stripe;
using Stripe.Checkout;

namespace Monalisa.Functions.Payments;

internal abstract record WebhookOutcome
{
    public sealed record BadSignature : WebhookOutcome;
    /// <summary>Signed by Stripe with our secret, but not a JSON event.</summary>
    public sealed record Malformed : WebhookOutcome;
    /// <summary>Signed, but in an API version this build of Stripe.net does not read: the endpoint's version is wrong.</summary>
    public sealed record WrongApiVersion(string? Version) : WebhookOutcome;
    /// <summary>Not an event we act on, or not about one of our enrolments.</summary>
    public sealed record Ignored : WebhookOutcome;
    public sealed record Handled(TransitionOutcome Outcome) : WebhookOutcome;
}

/// <summary>
/// Verifies a Stripe event on its raw body, then applies it once: the event id is written as a marker in the same
/// transaction as the change, so redeliveries — even concurrent ones — change nothing twice.
/// </summary>
internal sealed class StripeWebhookHandler(StripeSettings settings, EnrolmentTransitions transitions, IInstalmentEvents instalments, RefundQueue refunds, TimeProvider clock, ILogger<StripeWebhookHandler> logger)
{
    public async Task<WebhookOutcome> HandleAsync(string json, string? signature, CancellationToken cancellationToken)
    {
        var outcome = await ApplyAsync(json, signature, cancellationToken);
        // A payment nobody owes was flagged with its refund row: give it back now (the timer retries if Stripe is down).
        if (outcome is WebhookOutcome.Handled { Outcome: TransitionOutcome.Flagged { Enrolment: var flagged } })
            await refunds.DrainAsync(flagged.SessionId, cancellationToken);
        return outcome;
    }

    private async Task<WebhookOutcome> ApplyAsync(string json, string? signature, CancellationToken cancellationToken)
    {
        if (!SignedByStripe(json, signature)) return new WebhookOutcome.BadSignature();
        var parsed = Parsed(json);
        if (parsed.Event is not { } stripeEvent) return parsed.Refusal!;
        if (stripeEvent.Livemode != settings.ExpectsLiveEvents)
        {
            // Test events on a live key (or the reverse) never move a real enrolment. Ids only: no personal data in logs.
            logger.LogWarning("Stripe event {EventId} ({EventType}) ignored: livemode {Livemode} does not match the configured key.", stripeEvent.Id, stripeEvent.Type, stripeEvent.Livemode);
            return new WebhookOutcome.Ignored();
        }
        if (stripeEvent.Data.Object is PaymentIntent intent) return await InstalmentIntentAsync(stripeEvent, intent, cancellationToken);
        if (stripeEvent.Data.Object is not Session checkout) return new WebhookOutcome.Ignored();
        var enrolmentId = checkout.ClientReferenceId ?? checkout.Metadata?.GetValueOrDefault(StripeCheckoutGateway.EnrolmentIdKey);
        if (!RecordId.TryParse(enrolmentId, out var sessionId)) return new WebhookOutcome.Ignored();
        var marker = new TableEntity(sessionId, Keys.StripeEventPrefix + stripeEvent.Id) { ["Type"] = stripeEvent.Type, ["ReceivedAt"] = clock.GetUtcNow() };
        return await CheckoutAsync(stripeEvent, checkout, enrolmentId!, marker, cancellationToken);
    }

    /// <summary>Whether the signature over the raw body is Stripe's with our secret, and recent.</summary>
    private bool SignedByStripe(string json, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(settings.WebhookSecret)) return false;
        try
        {
            EventUtility.ValidateSignature(json, signature, settings.WebhookSecret, StripeSettings.SignatureToleranceSeconds);
            return true;
        }
        catch (StripeException e)
        {
            logger.LogWarning("Stripe webhook refused: {Reason}", e.Message);
            return false;
        }
    }

    private sealed record Parse(Event? Event, WebhookOutcome? Refusal);

    /// <summary>The event of a body already verified: Stripe.net decides whether its API version is one it reads.</summary>
    private Parse Parsed(string json)
    {
        try
        {
            return new Parse(EventUtility.ConstructEventWithoutVerification(json, throwOnApiVersionMismatch: true), null);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or System.Text.Json.JsonException or FormatException or ArgumentException or InvalidOperationException or InvalidCastException)
        {
            logger.LogWarning("Stripe webhook refused: the signed body is not a JSON event ({Error}).", e.GetType().Name);
            return new Parse(null, new WebhookOutcome.Malformed());
        }
        catch (StripeException)
        {
            // The signature is already checked, so this is the version: name it, so that the endpoint gets fixed.
            var version = EventUtility.ParseEvent(json, throwOnApiVersionMismatch: false).ApiVersion;
            logger.LogError("Stripe webhook refused: event in API version {EventApiVersion}, this build expects {ExpectedApiVersion}; set the webhook endpoint's API version in Stripe.",
                version, StripeConfiguration.ApiVersion);
            return new Parse(null, new WebhookOutcome.WrongApiVersion(version));
        }
    }

    private async Task<WebhookOutcome> CheckoutAsync(Event stripeEvent, Session checkout, string enrolmentId, TableEntity marker, CancellationToken cancellationToken)
    {
        // Self-funded: the setup checkout saved a card (no money), or a recovery checkout paid one instalment.
        if (stripeEvent.Type == EventTypes.CheckoutSessionCompleted && checkout.Mode == "setup")
            return new WebhookOutcome.Handled(await instalments.RecordCardAsync(enrolmentId, checkout.SetupIntentId, checkout.CustomerId, marker, cancellationToken));
        if (InstalmentKeys.NumberOf(checkout.Metadata) is { } paidNumber)
        {
            if (stripeEvent.Type is EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded && checkout.PaymentStatus == "paid")
                return new WebhookOutcome.Handled(await instalments.RecordPaidAsync(enrolmentId, paidNumber, checkout.PaymentIntentId ?? checkout.Id, checkout.AmountTotal ?? 0, cancellationToken));
            return new WebhookOutcome.Ignored();
        }

        EnrolmentCommand? command = stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted when checkout.PaymentStatus == "paid" => Paid(stripeEvent, checkout),
            EventTypes.CheckoutSessionAsyncPaymentSucceeded => Paid(stripeEvent, checkout),
            // Named by checkout: the domain acts only on the one stored for the enrolment, never a foreign one.
            EventTypes.CheckoutSessionAsyncPaymentFailed => new EnrolmentCommand.PaymentFailed(checkout.Id),
            EventTypes.CheckoutSessionExpired => new EnrolmentCommand.HoldExpired(checkout.Id),
            // « completed » but unpaid (bank debits…): wait for the async events.
            _ => null,
        };
        if (command is null) return new WebhookOutcome.Ignored();

        var outcome = await transitions.ApplyAsync(enrolmentId, command, Monalisa.Domain.Timeline.Actor.Stripe, marker, cancellationToken);
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
        if (!RecordId.TryParse(enrolmentId, out _) || InstalmentKeys.NumberOf(intent.Metadata) is not { } number)
            return new WebhookOutcome.Ignored();
        var outcome = stripeEvent.Type switch
        {
            EventTypes.PaymentIntentSucceeded => await instalments.RecordPaidAsync(enrolmentId!, number, intent.Id, intent.AmountReceived, cancellationToken),
            EventTypes.PaymentIntentPaymentFailed => await instalments.RecordFailedAsync(enrolmentId!, number, intent.LastPaymentError?.Code ?? "payment_failed", intent.Id, cancellationToken),
            _ => null,
        };
        if (outcome is null) return new WebhookOutcome.Ignored();
        logger.LogInformation("Stripe {EventType} {EventId}, instalment {Number} of {EnrolmentId}: {Outcome}.", stripeEvent.Type, stripeEvent.Id, number, enrolmentId, outcome.GetType().Name);
        return new WebhookOutcome.Handled(outcome);
    }

    /// <summary>What Stripe says was paid; whether it is the quote's amount is the domain's to decide.</summary>
    private static EnrolmentCommand.PaymentReported Paid(Event stripeEvent, Session checkout) => new(
        AmountCents: checkout.AmountTotal ?? 0,
        Currency: checkout.Currency,
        Reference: checkout.PaymentIntentId ?? checkout.Id,
        PaidAt: new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc)),
        CheckoutSessionId: checkout.Id);
}
