using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Monalisa.Functions.Enrolment;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Payments;

namespace Monalisa.LocalHost;

/// <summary>
/// Builds and signs Stripe events the way Stripe does (<c>Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")</c>).
/// The local host's offline checkout uses it to send a real, verifiable webhook; so do the tests.
/// </summary>
internal static class StripeEvents
{
    public static string Sign(string payload, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A checkout.session.* event about an enrolment, in the API version Stripe.net expects.</summary>
    public static string CheckoutEvent(string eventId, string type, EnrolmentRecord enrolment, DateTimeOffset at,
        string paymentStatus = "paid", long? amountTotal = null, string currency = "eur") =>
        Envelope(eventId, type, at, new Dictionary<string, object?>
        {
            ["id"] = enrolment.CheckoutSessionId ?? "cs_offline_" + enrolment.Id,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["amount_total"] = amountTotal ?? enrolment.TotalCents,
            ["currency"] = currency,
            ["client_reference_id"] = enrolment.Id,
            ["customer_email"] = null,
            ["metadata"] = new Dictionary<string, string>
            {
                [StripeCheckoutGateway.EnrolmentIdKey] = enrolment.Id,
                [StripeCheckoutGateway.SessionIdKey] = enrolment.SessionId,
            },
            ["payment_status"] = paymentStatus,
            // Deterministic (string.GetHashCode is randomised per process): redeliveries name the same payment.
            ["payment_intent"] = "pi_offline_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(enrolment.Id)))[..16],
            ["status"] = type == "checkout.session.expired" ? "expired" : "complete",
        });

    /// <summary>checkout.session.completed for a setup-mode session (self-funded: card saved, no money).</summary>
    public static string SetupCompletedEvent(string eventId, string enrolmentId, string sessionId, string checkoutId, string setupIntentId, string? customerId, DateTimeOffset at) =>
        Envelope(eventId, "checkout.session.completed", at, new Dictionary<string, object?>
        {
            ["id"] = checkoutId,
            ["object"] = "checkout.session",
            ["mode"] = "setup",
            ["client_reference_id"] = enrolmentId,
            ["customer"] = customerId,
            ["metadata"] = new Dictionary<string, string> { [StripeCheckoutGateway.EnrolmentIdKey] = enrolmentId, [StripeCheckoutGateway.SessionIdKey] = sessionId },
            ["payment_status"] = "no_payment_required",
            ["setup_intent"] = setupIntentId,
            ["status"] = "complete",
        });

    /// <summary>payment_intent.succeeded or payment_intent.payment_failed for a self-funded instalment.</summary>
    public static string InstalmentIntentEvent(string eventId, string type, string enrolmentId, int number, string paymentIntentId, long amountCents, DateTimeOffset at, string? errorCode = null) =>
        Envelope(eventId, type, at, new Dictionary<string, object?>
        {
            ["id"] = paymentIntentId,
            ["object"] = "payment_intent",
            ["amount"] = amountCents,
            ["amount_received"] = type == "payment_intent.succeeded" ? amountCents : 0,
            ["currency"] = "eur",
            ["status"] = type == "payment_intent.succeeded" ? "succeeded" : "requires_payment_method",
            ["metadata"] = new Dictionary<string, string>
            {
                [StripeCheckoutGateway.EnrolmentIdKey] = enrolmentId,
                [InstalmentKeys.InstalmentKey] = number.ToString(CultureInfo.InvariantCulture),
            },
            ["last_payment_error"] = errorCode is null ? null : new Dictionary<string, object?> { ["type"] = "card_error", ["code"] = errorCode, ["message"] = "Stub" },
        });

    private static string Envelope(string eventId, string type, DateTimeOffset at, Dictionary<string, object?> data) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = at.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new Dictionary<string, object?> { ["object"] = data },
        });
}
