using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Payments;

/// <summary>
/// Every 15 minutes: refunds enrolments that were paid after their places went to someone else, once staff have had
/// <see cref="GracePeriod"/> to confirm a place instead. The refund's idempotency key is the enrolment id.
/// </summary>
internal sealed class RefundFunction(EnrolmentStore store, EnrolmentTransitions transitions, IRefundGateway refunds, TimeProvider clock, ILogger<RefundFunction> logger)
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromHours(48);

    [Function("RefundPaidWithoutSeat")]
    public async Task Run([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        await RefundDueAsync(cancellationToken);

    public async Task<int> RefundDueAsync(CancellationToken cancellationToken)
    {
        var refunded = 0;
        foreach (var enrolment in await store.PaidWithoutSeatAsync(clock.GetUtcNow() - GracePeriod, cancellationToken))
        {
            if (enrolment.PaymentReference is null || !await refunds.RefundAsync(enrolment, cancellationToken))
                continue;
            if (await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.Refunded(), cancellationToken) is TransitionOutcome.Applied)
                refunded++;
        }
        if (refunded > 0) logger.LogInformation("Refunded {Count} enrolments paid without a place.", refunded);
        return refunded;
    }
}

internal interface IRefundGateway
{
    /// <summary>Refunds the enrolment's payment in full; true once Stripe (or the offline stand-in) accepted it.</summary>
    Task<bool> RefundAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken);
}

internal sealed class StripeRefundGateway(Stripe.IStripeClient stripe, ILogger<StripeRefundGateway> logger) : IRefundGateway
{
    public async Task<bool> RefundAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        try
        {
            await new Stripe.RefundService(stripe).CreateAsync(
                new Stripe.RefundCreateOptions { PaymentIntent = enrolment.PaymentReference, Metadata = new() { ["enrolmentId"] = enrolment.Id } },
                new Stripe.RequestOptions { IdempotencyKey = "refund-" + enrolment.Id }, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "Refund of enrolment {EnrolmentId} failed; retried on the next run.", enrolment.Id);
            return false;
        }
    }
}
