using Microsoft.Extensions.Logging;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Payments;
using Stripe;
using Stripe.Checkout;
using Monalisa.Domain.Text;
using Monalisa.Content;
using ChargeOutcome = Monalisa.Functions.Enrolment.ChargeOutcome;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.SelfFunded;

internal sealed class StripeInstalmentGateway(IStripeClient stripe, EnrolmentOptions options, TimeProvider clock, ILogger<StripeInstalmentGateway> logger) : IInstalmentGateway
{
    public async Task<SetupOutcome> CreateSetupAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { [StripeCheckoutGateway.EnrolmentIdKey] = enrolment.Id, [StripeCheckoutGateway.SessionIdKey] = session.Id };
        var query = SitePages.Access(enrolment.Id, token);
        // The setup Checkout closes before the short hold on the place ends: a card is never saved for a place that is gone.
        if (options.Holds.DeadlineOf(enrolment) is not { } holdEnds || HoldPolicy.CheckoutExpiry(holdEnds, clock.GetUtcNow()) is not { } expiresAt)
            return new SetupOutcome.Unavailable("hold too short");
        try
        {
            // A Customer of our own, so the saved card can be charged later off-session.
            var customer = await new CustomerService(stripe).CreateAsync(
                new CustomerCreateOptions { Email = enrolment.Payer.Email, Name = enrolment.Payer.Name, Metadata = metadata },
                new RequestOptions { IdempotencyKey = "customer-" + enrolment.Id }, cancellationToken);
            var created = await new SessionService(stripe).CreateAsync(new SessionCreateOptions
            {
                Mode = "setup",
                Currency = "eur",
                Locale = "fr",
                Customer = customer.Id,
                ClientReferenceId = enrolment.Id,
                Metadata = metadata,
                SetupIntentData = new SessionSetupIntentDataOptions
                {
                    Metadata = metadata,
                    Description = $"{course.Title} — {session.City}, {FrenchFormat.Range(session)} : enregistrement de la carte, aucun débit",
                },
                SuccessUrl = options.SitePage(SitePages.EnrolmentReceived, query) + SitePages.StripeSessionPlaceholder,
                CancelUrl = options.SitePage(SitePages.EnrolmentReceived, query),
                ExpiresAt = expiresAt.UtcDateTime,
            }, new RequestOptions { IdempotencyKey = "setup-" + enrolment.Id }, cancellationToken);
            return new SetupOutcome.Created(created.Id, created.Url, customer.Id);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Stripe setup checkout could not be created for enrolment {EnrolmentId}.", enrolment.Id);
            return new SetupOutcome.Unavailable(e.GetType().Name);
        }
    }

    public async Task<string?> PaymentMethodOfSetupAsync(string setupIntentId, CancellationToken cancellationToken)
    {
        try
        {
            return (await new SetupIntentService(stripe).GetAsync(setupIntentId, cancellationToken: cancellationToken)).PaymentMethodId;
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "Setup intent {SetupIntentId} could not be read.", setupIntentId);
            return null;
        }
    }

    public async Task<ChargeOutcome> ChargeAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, CancellationToken cancellationToken)
    {
        try
        {
            var intent = await new PaymentIntentService(stripe).CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = instalment.AmountCents,
                Currency = "eur",
                Customer = enrolment.StripeCustomerId,
                PaymentMethod = enrolment.PaymentMethodId,
                OffSession = true,
                Confirm = true,
                Description = $"Formation MONALISA, inscription {enrolment.Id} : échéance {instalment.Number}",
                Metadata = new Dictionary<string, string>
                {
                    [StripeCheckoutGateway.EnrolmentIdKey] = enrolment.Id,
                    [InstalmentKeys.InstalmentKey] = instalment.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            }, new RequestOptions { IdempotencyKey = InstalmentKeys.Charge(enrolment.Id, instalment.Number) }, cancellationToken);
            return intent.Status == "succeeded"
                ? new ChargeOutcome.Succeeded(intent.Id)
                : new ChargeOutcome.Declined(intent.Status == "requires_action" ? "authentication_required" : intent.Status, intent.Id);
        }
        catch (StripeException e) when (e.StripeError?.Type == "card_error" || e.StripeError?.Code is "authentication_required" or "card_declined")
        {
            return new ChargeOutcome.Declined(e.StripeError?.Code ?? "card_error", e.StripeError?.PaymentIntent?.Id);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Instalment {Number} of enrolment {EnrolmentId} could not be charged now.", instalment.Number, enrolment.Id);
            return new ChargeOutcome.Unavailable(e.GetType().Name);
        }
    }

    public async Task<CheckoutOutcome> CreateInstalmentCheckoutAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, Course course, int attempt, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            [StripeCheckoutGateway.EnrolmentIdKey] = enrolment.Id,
            [StripeCheckoutGateway.SessionIdKey] = enrolment.SessionId,
            [InstalmentKeys.InstalmentKey] = instalment.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        try
        {
            var created = await new SessionService(stripe).CreateAsync(new SessionCreateOptions
            {
                Mode = "payment",
                Currency = "eur",
                Locale = "fr",
                Customer = enrolment.StripeCustomerId,
                ClientReferenceId = enrolment.Id,
                Metadata = metadata,
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
                SuccessUrl = options.SitePage(SitePages.EnrolmentConfirmed, SitePages.Access(enrolment.Id)),
                CancelUrl = options.SitePage(SitePages.Home),
                LineItems = [new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "eur",
                        UnitAmount = instalment.AmountCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{course.Title} — échéance {instalment.Number}" },
                    },
                }],
            }, new RequestOptions { IdempotencyKey = InstalmentKeys.RecoveryCheckout(enrolment.Id, instalment.Number, attempt) }, cancellationToken);
            return new CheckoutOutcome.Created(created.Id, created.Url);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Instalment checkout could not be created for enrolment {EnrolmentId}.", enrolment.Id);
            return new CheckoutOutcome.Unavailable(e.GetType().Name);
        }
    }
}
