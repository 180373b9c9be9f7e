using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Conventions;

/// <summary>What became of an online acceptance.</summary>
internal abstract record AcceptanceOutcome
{
    /// <summary>Recorded now (and, for an invoice enrolment awaiting payment, confirmed).</summary>
    public sealed record Accepted(EnrolmentRecord Enrolment) : AcceptanceOutcome;
    /// <summary>It had been accepted before: the first acceptance stays.</summary>
    public sealed record AlreadyAccepted(EnrolmentRecord Enrolment) : AcceptanceOutcome;
    /// <summary>One French message per field (a missing name, the box, a version that is no longer the text's).</summary>
    public sealed record Invalid(FieldErrors Errors, TrainingConvention Convention) : AcceptanceOutcome;
    /// <summary>Nothing to accept: the enrolment is cancelled, lapsed, or has no convention.</summary>
    public sealed record Closed(EnrolmentRecord Enrolment) : AcceptanceOutcome;
}

/// <summary>
/// The online acceptance: the form is checked against the text the server renders now (its hash), then the domain
/// decides through the enrolment's transition (one transaction with the timeline row and the confirmation emails).
/// </summary>
internal sealed class ConventionAcceptances(ConventionDocuments documents, EnrolmentTransitions transitions, TimeProvider clock)
{
    public async Task<AcceptanceOutcome> AcceptAsync(EnrolmentRecord enrolment, ConventionAcceptanceForm form, CancellationToken cancellationToken)
    {
        if (enrolment.ConventionAcceptance is not null) return new AcceptanceOutcome.AlreadyAccepted(enrolment);
        if (documents.For(enrolment) is not { } convention || !ConventionDecisions.CanAccept(enrolment)) return new AcceptanceOutcome.Closed(enrolment);
        var checkedForm = form.Check(convention.Hashed, clock.GetUtcNow());
        if (checkedForm is not ValidationOutcome<ConventionAcceptance>.Valid { Value: var acceptance })
            return new AcceptanceOutcome.Invalid(((ValidationOutcome<ConventionAcceptance>.Invalid)checkedForm).Errors, convention);
        return await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.ConventionAccepted(acceptance), Actor.Payer, cancellationToken) switch
        {
            TransitionOutcome.Applied applied => new AcceptanceOutcome.Accepted(applied.After),
            // Two clicks at once: the other one was recorded first.
            TransitionOutcome.Unchanged unchanged => new AcceptanceOutcome.AlreadyAccepted(unchanged.Enrolment),
            TransitionOutcome.Refused refused => new AcceptanceOutcome.Closed(refused.Enrolment),
            _ => new AcceptanceOutcome.Closed(enrolment),
        };
    }
}
