using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Every minute: gives back the places of holds that ran out (card checkouts, self-funded trainees whose card was never
/// saved, invoice enrolments nobody confirmed, waiting-list offers nobody answered), reminds staff of invoice holds about
/// to lapse, and offers places still kept back for a waiting list (a process that stopped between a release and its offers).
/// </summary>
internal sealed class HoldExpiryFunction(EnrolmentStore store, EnrolmentTransitions transitions, EnrolmentOptions options, TimeProvider clock, ILogger<HoldExpiryFunction> logger,
    IWaitingListOffers offers)
{
    [Function("ReleaseExpiredHolds")]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var released = await ReleaseExpiredAsync(cancellationToken);
        if (released > 0) logger.LogInformation("Released {Count} expired holds.", released);
    }

    /// <summary>
    /// Releasing twice is harmless: the second run finds nothing, or the domain says « already there » or « not yet ».
    /// A reminder is sent once per deadline, even by two runs at once: its marker is written with it.
    /// </summary>
    public async Task<int> ReleaseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policy = options.Holds;
        var lapsing = (await store.ExpiredHoldsAsync(now, cancellationToken))
            .Concat((await store.InStateAsync(EnrolmentState.ContractSigned, cancellationToken)).Where(e => policy.DeadlineOf(e) <= now))
            .Concat(await store.InStateAsync(EnrolmentState.AwaitingInvoice, cancellationToken));
        var released = 0;
        foreach (var enrolment in lapsing)
        {
            try
            {
                if (await LapseOrRemindAsync(enrolment, policy, now, cancellationToken)) released++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One enrolment that cannot be written now must not keep the others' places: the next run tries again.
                logger.LogError(e, "Hold of enrolment {EnrolmentId} could not be released or reminded; retried next run.", enrolment.Id);
            }
        }
        released += await LapseOffersAsync(now, cancellationToken);
        try
        {
            await offers.SweepAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Places kept back for waiting lists could not be offered; retried next run.");
        }
        return released;
    }

    /// <summary>Offers nobody answered in time lapse: their places go to the next in line (EnrolmentCommit keeps them back).</summary>
    private async Task<int> LapseOffersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lapsed = 0;
        foreach (var offer in (await store.InStateAsync(EnrolmentState.Offered, cancellationToken)).Where(e => e.HoldExpiresAt <= now))
        {
            try
            {
                if (await transitions.ApplyAsync(offer.Id, new EnrolmentCommand.OfferLapsed(), Monalisa.Domain.Timeline.Actor.System, cancellationToken) is TransitionOutcome.Applied) lapsed++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Offer of enrolment {EnrolmentId} could not lapse; retried next run.", offer.Id);
            }
        }
        return lapsed;
    }

    private async Task<bool> LapseOrRemindAsync(EnrolmentRecord enrolment, HoldPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (policy.DeadlineOf(enrolment) is not { } deadline) return false;
        if (deadline <= now)
            return await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.HoldExpired(Policy: policy), Monalisa.Domain.Timeline.Actor.System, cancellationToken) is TransitionOutcome.Applied;
        if (policy.InvoiceReminderAt(enrolment) <= now && RecordId.TryParse(enrolment.Id, out var sessionId))
        {
            var marker = new TableEntity(sessionId, Keys.InvoiceReminder(enrolment.Id, deadline)) { ["RemindedAt"] = now };
            await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.InvoiceReminderDue(policy), Monalisa.Domain.Timeline.Actor.System, marker, cancellationToken);
        }
        return false;
    }
}
