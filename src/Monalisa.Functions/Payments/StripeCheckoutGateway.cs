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
internal sealed class StripeCheckoutGateway(IStripeClient stripe, EnrolmentOptions options, ILogger<StripeCheckoutGateway> logger) : ICheckoutGateway
{
    public const string EnrolmentIdKey = "enrolmentId";
    public const string SessionIdKey = "sessionId";

    public async Task<CheckoutOutcome> CreateAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, CancellationToken cancellationToken)
    {
        var create = SessionOptions(enrolment, course, session, token);
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

    private SessionCreateOptions SessionOptions(EnrolmentRecord enrolment, Course course, CourseSession session, string token)
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
            ExpiresAt = enrolment.HoldExpiresAt!.Value.UtcDateTime,
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
