using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Payments;

/// <summary>
/// Every 15 minutes: refunds enrolments that were paid after their places went to someone else, once staff have had
/// <see cref="GracePeriod"/> to confirm a place instead, and the payments nobody owes (refund rows) not yet refunded.
/// </summary>
internal sealed class RefundFunction(EnrolmentStore store, EnrolmentTransitions transitions, IRefundGateway refunds, RefundQueue queue, TimeProvider clock, ILogger<RefundFunction> logger)
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromHours(48);

    [Function("RefundPaidWithoutSeat")]
    public async Task Run([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        await RefundDueAsync(cancellationToken);

    /// <summary>
    /// « Refund in progress » is stored (If-Match) before Stripe is called, so a staff confirmation at the same moment is
    /// refused; a run that stops half-way is taken up by the next one, with the same idempotency key per enrolment.
    /// </summary>
    public async Task<int> RefundDueAsync(CancellationToken cancellationToken)
    {
        var refunded = 0;
        var due = (await store.PaidWithoutSeatAsync(clock.GetUtcNow() - GracePeriod, cancellationToken))
            .Concat(await store.InStateAsync(EnrolmentState.RefundPending, cancellationToken));
        foreach (var enrolment in due)
        {
            if (enrolment.PaymentReference is not { } payment) continue;
            if (await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.RefundStarted(), Actor.System, cancellationToken) is not (TransitionOutcome.Applied or TransitionOutcome.Unchanged))
                continue; // staff confirmed a place first
            if (!await refunds.RefundAsync(payment, RefundKeys.Enrolment(enrolment.Id), enrolment.Id, cancellationToken))
                continue;
            if (await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.Refunded(), Actor.System, cancellationToken) is TransitionOutcome.Applied)
                refunded++;
        }
        refunded += await queue.DrainAsync(null, cancellationToken);
        if (refunded > 0) logger.LogInformation("Refunded {Count} payments.", refunded);
        return refunded;
    }
}

/// <summary>Stripe idempotency keys of refunds: one refund per enrolment, one per unwanted payment.</summary>
internal static class RefundKeys
{
    public static string Enrolment(string enrolmentId) => "refund-" + enrolmentId;

    public static string Payment(string paymentIntentId) => "refund-" + paymentIntentId;
}

internal interface IRefundGateway
{
    /// <summary>Refunds a payment in full; true once Stripe (or the offline stand-in) accepted it, or says it is already refunded.</summary>
    Task<bool> RefundAsync(string paymentIntentId, string idempotencyKey, string enrolmentId, CancellationToken cancellationToken);
}

internal sealed class StripeRefundGateway(Stripe.IStripeClient stripe, ILogger<StripeRefundGateway> logger) : IRefundGateway
{
    public async Task<bool> RefundAsync(string paymentIntentId, string idempotencyKey, string enrolmentId, CancellationToken cancellationToken)
    {
        try
        {
            await new Stripe.RefundService(stripe).CreateAsync(
                new Stripe.RefundCreateOptions { PaymentIntent = paymentIntentId, Metadata = new() { ["enrolmentId"] = enrolmentId } },
                new Stripe.RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return true;
        }
        catch (Stripe.StripeException e) when (e.StripeError?.Code == "charge_already_refunded")
        {
            // Refunded already (an earlier run whose answer was lost, past the idempotency key's 24 hours): done.
            return true;
        }
        catch (Exception e) when (e is Stripe.StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(e, "Refund for enrolment {EnrolmentId} failed; retried on the next run.", enrolmentId);
            return false;
        }
    }
}
