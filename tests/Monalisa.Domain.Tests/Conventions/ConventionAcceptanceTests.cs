using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;

namespace Monalisa.Domain.Tests.Conventions;

/// <summary>What the online acceptance of a convention does to the enrolment (the domain's decision, no I/O).</summary>
public sealed class ConventionAcceptanceTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 12, 10, 0, 0, TimeSpan.Zero);
    private static readonly ConventionAcceptance Acceptance = new(Now, new string('a', 64), "Claire Dubois", "Directrice");

    private static Decision Accept(EnrolmentRecord enrolment, ConventionAcceptance? acceptance = null) =>
        EnrolmentDecisions.Decide(enrolment, new EnrolmentCommand.ConventionAccepted(acceptance ?? Acceptance), Now);

    [Fact]
    public void Accepting_confirms_an_invoice_enrolment_awaiting_payment_and_keeps_the_acceptance()
    {
        var write = Assert.IsType<Decision.Write>(Accept(ConventionSample.OrganisationEnrolment()));
        Assert.Equal(EnrolmentState.Confirmed, write.Change.After.State);
        Assert.Equal(Acceptance, write.Change.After.ConventionAcceptance);
        Assert.Equal(SeatChange.None, write.Change.Seats);
        Assert.Contains(write.Change.Notices, n => n.Kind == EmailKind.EnrolmentConfirmed);
    }

    [Fact]
    public void Accepting_a_confirmed_enrolment_records_it_without_a_move_nor_an_email()
    {
        var write = Assert.IsType<Decision.Write>(Accept(ConventionSample.OrganisationEnrolment() with { State = EnrolmentState.Confirmed }));
        Assert.Equal(EnrolmentState.Confirmed, write.Change.After.State);
        Assert.Equal(Acceptance, write.Change.After.ConventionAcceptance);
        Assert.Empty(write.Change.Notices);
    }

    [Fact]
    public void A_second_acceptance_changes_nothing()
    {
        var accepted = ConventionSample.OrganisationEnrolment() with { State = EnrolmentState.Confirmed, ConventionAcceptance = Acceptance };
        Assert.IsType<Decision.Unchanged>(Accept(accepted, Acceptance with { SignatoryName = "Quelqu'un d'autre", Sha256 = new string('b', 64) }));
    }

    [Theory]
    [InlineData(EnrolmentState.Cancelled)]
    [InlineData(EnrolmentState.Expired)]
    [InlineData(EnrolmentState.WaitingList)]
    public void An_enrolment_that_is_over_or_not_yet_placed_cannot_be_accepted(EnrolmentState state)
    {
        Assert.IsType<Decision.Refused>(Accept(ConventionSample.OrganisationEnrolment() with { State = state }));
    }

    [Fact]
    public void A_self_funded_trainee_has_a_contract_not_a_convention()
    {
        var individual = ConventionSample.OrganisationEnrolment() with { Payer = ConventionSample.OrganisationEnrolment().Payer with { Kind = PayerKind.Individual } };
        Assert.False(ConventionDecisions.HasConvention(individual));
        Assert.IsType<Decision.Refused>(Accept(individual));
    }
}

/// <summary>A convention is accepted for one session's dates: an enrolment moved to another session needs a new acceptance.</summary>
public sealed class ConventionAfterAMoveTests
{
    [Fact]
    public void Trainees_moved_to_another_session_leave_the_old_acceptance_behind()
    {
        var now = new DateTimeOffset(2027, 1, 12, 10, 0, 0, TimeSpan.Zero);
        var source = ConventionSample.OrganisationEnrolment() with
        {
            State = EnrolmentState.Confirmed,
            ConventionAcceptance = new ConventionAcceptance(now, new string('a', 64), "Claire Dubois", "Directrice"),
        };
        var decision = Monalisa.Domain.WaitingList.TraineeMove.Decide(source, null, "s-2027-06_abcdefghijkmnpqr", "s-2027-06", source.CourseSlug,
            new DateTimeOffset(2027, 6, 9, 0, 0, 0, TimeSpan.Zero), now);

        var plan = Assert.IsType<Monalisa.Domain.WaitingList.MoveDecision.Move>(decision).Plan;
        Assert.Null(plan.Target.ConventionAcceptance);
        Assert.NotNull(plan.SourceAfter.ConventionAcceptance);
    }
}
