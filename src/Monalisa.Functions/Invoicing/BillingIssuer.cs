using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Invoicing;

/// <summary>
/// Brings an enrolment's documents up to date: the domain says what is due next (<see cref="BillingPlan"/>), the ledger
/// issues it (one transaction, numbered there), then the enrolment records it through its transitions, with the marker
/// <c>document|{enrolmentId}|{index}</c>, so the timeline shows it. A crash between the issue and the record is healed
/// by the next run: the ledger's <c>for|</c> row gives back the document already issued, which is recorded before
/// anything new is decided. Redelivered messages, the sweep and two instances at once therefore issue nothing twice.
/// </summary>
internal sealed class BillingIssuer(
    EnrolmentStore enrolments, CourseCatalogue catalogue, InvoiceLedger ledger, EnrolmentTransitions transitions, OutboxDispatcher outbox,
    BillingSettings settings, TimeProvider clock, ILogger<BillingIssuer> logger)
{
    /// <summary>An invoice then a credit note is the most one change calls for; the bound only stops a loop gone wrong.</summary>
    private const int MaxDocumentsPerRun = 5;

    /// <summary>Issues and records what is due for the enrolment; how many documents this run issued.</summary>
    public async Task<int> RunAsync(string enrolmentId, CancellationToken cancellationToken)
    {
        var issued = 0;
        for (var round = 0; round < MaxDocumentsPerRun; round++)
        {
            if (await enrolments.GetAsync(enrolmentId, cancellationToken) is not { } enrolment) return issued;
            var index = enrolment.Documents.Count == 0 ? 1 : enrolment.Documents.Max(d => d.Index) + 1;
            // Issued by an earlier run that stopped before recording it: record it before deciding anything new.
            var document = await ledger.FindAsync(enrolment.Id, index, cancellationToken);
            if (document is null)
            {
                var today = clock.Today();
                if (BillingPlan.Next(enrolment, today, settings.PublicBodiesAfterSession) is not BillingStep.Issue step) return issued;
                if (catalogue.FindSession(enrolment.SessionId) is not { } found)
                {
                    logger.LogWarning("Enrolment {EnrolmentId}: its session is no longer in the catalogue; no document issued.", enrolment.Id);
                    return issued;
                }
                var draft = BillingDocuments.Build(enrolment, step, new BilledService(found.Course.Title, found.Session.Start, found.Session.End), settings, today);
                document = await ledger.IssueAsync(draft, step.Index, cancellationToken);
                if (document.New)
                {
                    await outbox.EnqueueAsync(TableNames.Ledger, document.Outbox, cancellationToken);
                    issued++;
                    logger.LogInformation("Enrolment {EnrolmentId}: {Kind} {Number} issued.", enrolment.Id, document.Issued.Kind, document.Issued.Number);
                }
            }
            var outcome = await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.DocumentIssued(document.Issued), Actor.System,
                Marker(enrolment, document.Issued.Index), cancellationToken);
            if (outcome is not (TransitionOutcome.Applied or TransitionOutcome.Unchanged or TransitionOutcome.AlreadyProcessed))
            {
                logger.LogWarning("Enrolment {EnrolmentId}: document {Number} not recorded ({Outcome}); the sweep will retry.", enrolment.Id, document.Issued.Number, outcome.GetType().Name);
                return issued;
            }
        }
        return issued;
    }

    /// <summary>The marker written with the record of the enrolment's index-th document: recorded once.</summary>
    public static TableEntity Marker(EnrolmentRecord enrolment, int index) =>
        new(enrolment.SessionId, $"{MarkerPrefix}{enrolment.Id}|{index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)}");

    public const string MarkerPrefix = "document|";
}
