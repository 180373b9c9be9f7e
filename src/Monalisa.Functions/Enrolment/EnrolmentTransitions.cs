using Azure.Data.Tables;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Carries a command to an existing enrolment: the domain decides, the store commits, then the emails are queued.
/// The expiry timer, the Stripe webhook, instalments and staff actions all go through here.
/// </summary>
internal sealed class EnrolmentTransitions(EnrolmentStore store, CourseCatalogue catalogue, OutboxDispatcher outbox, ICheckoutGateway checkouts, IBillingTrigger? billing = null)
{
    /// <param name="actor">Who makes it happen: named in the enrolment's timeline.</param>
    /// <param name="marker">Written in the same transaction (e.g. <c>stripe|{eventId}</c>): if it exists, nothing happens.</param>
    public async Task<TransitionOutcome> ApplyAsync(string enrolmentId, EnrolmentCommand command, Actor actor, TableEntity? marker, CancellationToken cancellationToken)
    {
        var capacity = RecordId.TryParse(enrolmentId, out var sessionId) && catalogue.FindSession(sessionId) is { } found
            ? found.Session.Capacity
            : 0; // A session removed from the catalogue can give places back but not take new ones.
        var outcome = await store.CommitAsync(enrolmentId, command, actor, capacity, marker, cancellationToken);
        if (outcome is TransitionOutcome.Applied { Outbox: var applied })
            await outbox.EnqueueAsync(TableNames.Enrolments, applied, cancellationToken);
        // After the commit: a payment that slips in before the expiry lands on a cancelled enrolment and is refunded.
        if (outcome is TransitionOutcome.Applied { Before: var before, After: var after })
            foreach (var checkout in EnrolmentDecisions.CheckoutsToClose(before, after))
                await checkouts.ExpireAsync(checkout, cancellationToken);
        if (outcome is TransitionOutcome.Flagged { Outbox: var flagged })
            await outbox.EnqueueAsync(TableNames.Enrolments, flagged, cancellationToken);
        // After the commit: an invoice or a credit note may now be due (a lost call is caught by the billing sweep).
        if (billing is not null && outcome is TransitionOutcome.Applied { After: var changed } && command is not EnrolmentCommand.DocumentIssued)
            await billing.ChangedAsync(changed, cancellationToken);
        return outcome;
    }

    public Task<TransitionOutcome> ApplyAsync(string enrolmentId, EnrolmentCommand command, Actor actor, CancellationToken cancellationToken) =>
        ApplyAsync(enrolmentId, command, actor, null, cancellationToken);
}
