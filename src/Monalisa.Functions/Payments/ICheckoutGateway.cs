using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Payments;

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
}
