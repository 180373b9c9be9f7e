using Azure;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Invoicing;

/// <summary>
/// The enrolment side's trigger (<see cref="IBillingTrigger"/>): when the domain says a document is due, one
/// <c>billing</c> queue message naming the enrolment. A queue rather than issuing in the request: the Stripe webhook and
/// the staff forms answer without waiting for a PDF, a failure is retried by the host (then the poison queue), and the
/// sweep below catches up a message that was never put.
/// </summary>
internal sealed class BillingQueue(QueueServiceClient queues, BillingSettings settings, TimeProvider clock, ILogger<BillingQueue> logger) : IBillingTrigger
{
    public async Task ChangedAsync(EnrolmentRecord after, CancellationToken cancellationToken)
    {
        if (BillingPlan.Next(after, clock.Today(), settings.PublicBodiesAfterSession) is not BillingStep.Issue) return;
        try
        {
            await queues.GetQueueClient(QueueNames.Billing).SendMessageAsync(after.Id, cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException || Http.StorageFaults.IsUnavailable(e))
        {
            logger.LogWarning(e, "Enrolment {EnrolmentId}: billing message not put; the sweep will issue.", after.Id);
        }
    }
}

/// <summary>Issues what a <c>billing</c> message's enrolment is due. A storage fault throws: the host redelivers.</summary>
internal sealed class IssueBillingDocumentsFunction(BillingIssuer issuer, ILogger<IssueBillingDocumentsFunction> logger)
{
    [Function("IssueBillingDocuments")]
    public async Task Run([QueueTrigger(QueueNames.Billing, Connection = SettingNames.Storage)] string message, CancellationToken cancellationToken)
    {
        var id = message.Trim();
        if (!RecordId.TryParse(id, out _))
        {
            logger.LogWarning("Billing queue message ignored: not an enrolment id.");
            return;
        }
        await issuer.RunAsync(id, cancellationToken);
    }
}

/// <summary>
/// Every quarter of an hour: public bodies whose session ended (invoiced after the service), lost messages, and
/// documents issued but not yet recorded on their enrolment (a crash in between).
/// </summary>
internal sealed class SweepBillingFunction(BillingSweep sweep, ILogger<SweepBillingFunction> logger)
{
    [Function("SweepBilling")]
    public async Task Run([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var issued = await sweep.RunAsync(cancellationToken);
        if (issued > 0) logger.LogInformation("Billing sweep issued {Count} documents.", issued);
    }
}

internal sealed class BillingSweep(EnrolmentStore enrolments, InvoiceLedger ledger, BillingIssuer issuer, BillingSettings settings, TimeProvider clock, ILogger<BillingSweep> logger)
{
    /// <summary>The states in which something may be due: binding ones (first invoice, increases) and ends (credit notes).</summary>
    private static readonly EnrolmentState[] Candidates =
        [EnrolmentState.Confirmed, EnrolmentState.PartlyPaid, EnrolmentState.InstalmentOverdue, EnrolmentState.Cancelled, EnrolmentState.Refunded, EnrolmentState.Withdrawn];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in Candidates)
            foreach (var enrolment in await enrolments.InStateAsync(state, cancellationToken))
                if (BillingPlan.Next(enrolment, today, settings.PublicBodiesAfterSession) is BillingStep.Issue) ids.Add(enrolment.Id);
        // Issued, not recorded: the ledger knows more documents for the enrolment than the enrolment does.
        foreach (var (enrolmentId, count) in await ledger.CountsByEnrolmentAsync(cancellationToken))
            if (RecordId.TryParse(enrolmentId, out _) && !ids.Contains(enrolmentId)
                && await enrolments.GetAsync(enrolmentId, cancellationToken) is { } enrolment && enrolment.Documents.Count < count)
                ids.Add(enrolmentId);
        var issued = 0;
        foreach (var id in ids)
        {
            try
            {
                issued += await issuer.RunAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One enrolment that fails (storage, a record the printer refuses) never stops the others.
                logger.LogWarning(e, "Billing sweep: enrolment {EnrolmentId} left for the next run.", id);
            }
        }
        return issued;
    }
}
