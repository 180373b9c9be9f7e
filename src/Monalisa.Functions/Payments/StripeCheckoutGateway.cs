using Microsoft.Extensions.Logging;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Stripe;
using Stripe.Checkout;
using Monalisa.Domain.Text;
using Monalisa.Content;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Functions.Payments;

/// <summary>Opens a Stripe Checkout Session for a card enrolment: one line per tariff category, prices from the engine, in cents.</summary>
internal sealed class StripeCheckoutGateway(IStripeClient stripe, EnrolmentOptions options, TimeProvider clock, ILogger<StripeCheckoutGateway> logger) : ICheckoutGateway
{
    public const string EnrolmentIdKey = "enrolmentId";
    public const string SessionIdKey = "sessionId";

    public async Task<CheckoutOutcome> CreateAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, CancellationToken cancellationToken)
    {
        // A replay of the request: the Checkout opened the first time, not a second one.
        if (enrolment.CheckoutSessionId is { } opened && enrolment.CheckoutUrl is { } openedUrl)
            return new CheckoutOutcome.Created(opened, openedUrl);
        // Computed now, at the call: a hold too far gone for a Checkout Stripe accepts gets none (and is released).
        if (HoldPolicy.CheckoutExpiry(enrolment.HoldExpiresAt!.Value, clock.GetUtcNow()) is not { } expiresAt)
        {
            logger.LogWarning("Hold of enrolment {EnrolmentId} too short for a Stripe Checkout.", enrolment.Id);
            return new CheckoutOutcome.Unavailable("hold too short");
        }
        var create = SessionOptions(enrolment, course, session, token, expiresAt);
        try
        {
            // Derived from the enrolment id: a retry, ours or Stripe.net's, never opens a second session.
            var request = new RequestOptions { IdempotencyKey = "checkout-" + enrolment.Id };
            var created = await new SessionService(stripe).CreateAsync(create, request, cancellationToken);
            return new CheckoutOutcome.Created(created.Id, created.Url);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Stripe Checkout could not be created for enrolment {EnrolmentId}.", enrolment.Id);
            return new CheckoutOutcome.Unavailable(e.GetType().Name);
        }
    }

    public async Task ExpireAsync(string checkoutSessionId, CancellationToken cancellationToken)
    {
        try
        {
            await new SessionService(stripe).ExpireAsync(checkoutSessionId, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Already expired or completed, or Stripe down: a payment that still lands is refunded, not confirmed.
            logger.LogWarning("Checkout {CheckoutSessionId} could not be expired ({Error}).", checkoutSessionId, e.GetType().Name);
        }
    }

    public async Task<bool> IsOpenAsync(string checkoutSessionId, CancellationToken cancellationToken)
    {
        try
        {
            return (await new SessionService(stripe).GetAsync(checkoutSessionId, cancellationToken: cancellationToken)).Status == "open";
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Checkout {CheckoutSessionId} could not be read ({Error}).", checkoutSessionId, e.GetType().Name);
            return false;
        }
    }

    private SessionCreateOptions SessionOptions(EnrolmentRecord enrolment, Course course, CourseSession session, string token, DateTimeOffset expiresAt)
    {
        var query = SitePages.Access(enrolment.Id, token);
        var dates = FrenchFormat.Range(session);
        return new SessionCreateOptions
        {
            Mode = "payment",
            Currency = "eur",
            Locale = "fr",
            CustomerEmail = enrolment.Payer.Email,
            ClientReferenceId = enrolment.Id,
            Metadata = new Dictionary<string, string> { [EnrolmentIdKey] = enrolment.Id, [SessionIdKey] = session.Id },
            PaymentIntentData = new SessionPaymentIntentDataOptions
            {
                Metadata = new Dictionary<string, string> { [EnrolmentIdKey] = enrolment.Id, [SessionIdKey] = session.Id },
                Description = $"{course.Title} — {session.City}, {dates}",
            },
            // Before the hold ends, and the same on every retry: Stripe's idempotency compares the parameters.
            ExpiresAt = expiresAt.UtcDateTime,
            SuccessUrl = options.SitePage(SitePages.EnrolmentConfirmed, query) + SitePages.StripeSessionPlaceholder,
            CancelUrl = options.SitePage(SitePages.EnrolmentCancelled, query),
            LineItems = [.. enrolment.Lines.Select(line => LineItem(line, enrolment.Days, course, session, dates))],
        };
    }

    /// <summary>One tariff category: its unit price for the enrolment's days, in cents, and a French label.</summary>
    private static SessionLineItemOptions LineItem(QuoteLine line, int days, Course course, CourseSession session, string dates) => new()
    {
        Quantity = line.Quantity,
        PriceData = new SessionLineItemPriceDataOptions
        {
            Currency = "eur",
            UnitAmount = line.UnitAmountCents(days),
            ProductData = new SessionLineItemPriceDataProductDataOptions
            {
                Name = $"{course.Title} — {line.Label}",
                Description = $"Session de {session.City}, {dates} ({FrenchFormat.Plural(course.Duration.Days, "jour", "jours")}, {course.Duration.Hours}\u00A0h) — {FrenchFormat.Euros(line.UnitPricePerDay)} par jour",
            },
        },
    };
}
