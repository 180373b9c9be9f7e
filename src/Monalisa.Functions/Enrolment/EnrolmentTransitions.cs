using Monalisa.Functions.Http;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Email;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Moves an enrolment through the state machine with the emails the move calls for, then queues them.
/// The expiry timer, the Stripe webhook and staff actions all go through here.
/// </summary>
internal sealed class EnrolmentTransitions(EnrolmentStore store, CourseCatalogue catalogue, OutboxDispatcher outbox, TimeProvider clock)
{
    public async Task<TransitionOutcome> ApplyAsync(string enrolmentId, EnrolmentTrigger trigger, TransitionWork? work, CancellationToken cancellationToken)
    {
        work ??= new TransitionWork();
        var capacity = RecordId.TryParse(enrolmentId, out var sessionId) && catalogue.FindSession(sessionId) is { } found
            ? found.Session.Capacity
            : 0; // A session removed from the catalogue can give places back but not take new ones.
        var planned = work with
        {
            Outbox = (before, after) => EmailPlan.ForTransition(before, after, clock.GetUtcNow())
                .Concat(work.Outbox?.Invoke(before, after) ?? []),
        };
        var outcome = await store.TransitionAsync(enrolmentId, trigger, capacity, planned, cancellationToken);
        if (outcome is TransitionOutcome.Applied applied)
            await outbox.EnqueueAsync(TableNames.Enrolments, applied.Outbox, cancellationToken);
        if (outcome is TransitionOutcome.Flagged flagged)
            await outbox.EnqueueAsync(TableNames.Enrolments, flagged.Outbox, cancellationToken);
        return outcome;
    }
}
