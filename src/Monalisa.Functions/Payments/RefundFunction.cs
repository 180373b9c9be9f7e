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
internal sealed class RefundFunction(EnrolmentStore store, PaidNoSeatRefunds paidNoSeat, RefundQueue queue, TimeProvider clock, ILogger<RefundFunction> logger)
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
            if (await paidNoSeat.RefundOneAsync(enrolment, Actor.System, cancellationToken) == PaidNoSeatRefunds.Result.Refunded)
                refunded++;
        refunded += await queue.DrainAsync(null, cancellationToken);
        if (refunded > 0) logger.LogInformation("Refunded {Count} payments.", refunded);
        return refunded;
    }
}

/// <summary>
/// Refunds one « paid, no seat » enrolment: the timer's way, and a staff member's « rembourser maintenant ». The same
/// idempotency key per enrolment, and « refund in progress » stored first, so that both at once refund once.
/// </summary>
internal sealed class PaidNoSeatRefunds(EnrolmentTransitions transitions, IRefundGateway refunds)
{
    public enum Result { Refunded, AlreadyRefunded, PlaceConfirmed, StripeFailed, NoPayment }

    public async Task<Result> RefundOneAsync(EnrolmentRecord enrolment, Actor actor, CancellationToken cancellationToken)
    {
        if (enrolment.State == EnrolmentState.Refunded) return Result.AlreadyRefunded;
        if (enrolment.PaymentReference is not { } payment) return Result.NoPayment;
        if (await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.RefundStarted(), actor, cancellationToken) is not (TransitionOutcome.Applied or TransitionOutcome.Unchanged))
            return Result.PlaceConfirmed; // staff confirmed a place first
        if (!await refunds.RefundAsync(payment, RefundKeys.Enrolment(enrolment.Id), enrolment.Id, cancellationToken))
            return Result.StripeFailed;
        return await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.Refunded(), actor, cancellationToken) is TransitionOutcome.Applied
            ? Result.Refunded
            : Result.AlreadyRefunded;
    }
}

/// <summary>Stripe idempotency keys of refunds: one refund per enrolment, one per unwanted payment.</summary>
internal static class RefundKeys
{
    public static string Enrolment(string enrolmentId) => "refund-" + enrolmentId;

    public static string Payment(string paymentIntentId) => "refund-" + paymentIntentId;

    /// <summary>A refund row of its own (a cancellation's, possibly partial): one Stripe refund per row.</summary>
    public static string Row(string key) => "refund-" + key;
}

internal interface IRefundGateway
{
    /// <summary>Refunds a payment in full; true once Stripe (or the offline stand-in) accepted it, or says it is already refunded.</summary>
    Task<bool> RefundAsync(string paymentIntentId, string idempotencyKey, string enrolmentId, CancellationToken cancellationToken);

    /// <summary>Refunds <paramref name="amountCents"/> of a payment (a partial refund), or all of it when null.</summary>
    Task<bool> RefundAsync(string paymentIntentId, long? amountCents, string idempotencyKey, string enrolmentId, CancellationToken cancellationToken) =>
        RefundAsync(paymentIntentId, idempotencyKey, enrolmentId, cancellationToken);
}

internal sealed class StripeRefundGateway(Stripe.IStripeClient stripe, ILogger<StripeRefundGateway> logger) : IRefundGateway
{
    public Task<bool> RefundAsync(string paymentIntentId, string idempotencyKey, string enrolmentId, CancellationToken cancellationToken) =>
        RefundAsync(paymentIntentId, null, idempotencyKey, enrolmentId, cancellationToken);

    public async Task<bool> RefundAsync(string paymentIntentId, long? amountCents, string idempotencyKey, string enrolmentId, CancellationToken cancellationToken)
    {
        try
        {
            await new Stripe.RefundService(stripe).CreateAsync(
                new Stripe.RefundCreateOptions { PaymentIntent = paymentIntentId, Amount = amountCents, Metadata = new() { ["enrolmentId"] = enrolmentId } },
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
