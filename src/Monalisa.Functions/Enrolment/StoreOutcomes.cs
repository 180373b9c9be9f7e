using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Enrolment;

// What EnrolmentStore reports back: the handler and EnrolmentTransitions turn each case into an answer.

internal abstract record HoldOutcome
{
    public sealed record Held(EnrolmentRecord Enrolment) : HoldOutcome;
    public sealed record NotEnoughSeats(int SeatsLeft) : HoldOutcome;
    /// <summary>A trainee of this request already holds a place in the session.</summary>
    public sealed record AlreadyEnrolled(int TraineeIndex) : HoldOutcome;
    /// <summary>An enrolment with this id exists: the request was already carried out.</summary>
    public sealed record AlreadyExists(EnrolmentRecord Enrolment) : HoldOutcome;
    /// <summary>The payer already holds <paramref name="PlacesHeld"/> places in the session: this request would take them over <paramref name="Cap"/>.</summary>
    public sealed record PayerCapReached(int PlacesHeld, int Cap) : HoldOutcome;
    /// <summary>The client address already holds <paramref name="PlacesHeld"/> places in the session: this request would take them over <paramref name="Cap"/>.</summary>
    public sealed record AddressCapReached(int PlacesHeld, int Cap) : HoldOutcome;
    /// <summary>Too many people took places at the same instant for this request to get a turn; nothing was written.</summary>
    public sealed record Contended : HoldOutcome;
}

/// <summary>The places one payer email, and one client address, may hold in a session (Abuse settings).</summary>
internal sealed record PlacesCaps(int PerPayer, int PerAddress);

internal abstract record TransitionOutcome
{
    public sealed record Applied(EnrolmentRecord Before, EnrolmentRecord After, IReadOnlyList<TableEntity> Outbox) : TransitionOutcome;
    public sealed record Unchanged(EnrolmentRecord Enrolment) : TransitionOutcome;
    public sealed record Refused(EnrolmentRecord Enrolment) : TransitionOutcome;
    /// <summary>The Stripe event (or other dedup marker) was already applied.</summary>
    public sealed record AlreadyProcessed : TransitionOutcome;
    public sealed record NotFound : TransitionOutcome;
    /// <summary>The move was vetoed (e.g. the amount paid is not the quote's): the enrolment is flagged for staff instead.</summary>
    public sealed record Flagged(EnrolmentRecord Enrolment, IReadOnlyList<TableEntity> Outbox) : TransitionOutcome;
    /// <summary>The withdrawal period is over (its last day is given).</summary>
    public sealed record TooLate(EnrolmentRecord Enrolment, DateOnly LastDay) : TransitionOutcome;
    /// <summary>A trainee coming in already holds a place in the session (their lock is another enrolment's): nothing changed.</summary>
    public sealed record LockTaken(EnrolmentRecord Enrolment) : TransitionOutcome;
}
