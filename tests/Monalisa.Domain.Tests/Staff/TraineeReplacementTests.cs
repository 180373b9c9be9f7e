using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests.Staff;

/// <summary>« Remplacer un·e stagiaire »: same place, same price, same organisation and category, another person.</summary>
public sealed class TraineeReplacementTests
{
    private static readonly DateOnly Today = new(2027, 1, 10);
    private static readonly DateOnly Start = new(2027, 3, 16);

    private static EnrolmentRecord Confirmed() => new EnrolmentBuilder().In(EnrolmentState.Confirmed).WithTrainees("ana@example.org", "leo@example.org").Build() with
    {
        Trainees =
        [
            new Trainee("Ana", "Martin", "ana@example.org", null, "CCAS", null, TraineeCategory.Volunteer) { VolunteerDeclaration = new VolunteerDeclaration("Les Petits Frères", EnrolmentBuilder.Now.AddDays(-5)) },
            EnrolmentBuilder.Trainee("leo@example.org"),
        ],
        Seats = [1, 2],
    };

    private static EnrolmentCommand.TraineeReplaced Command(string leaving, string email = "alix@example.org", DateOnly? today = null) =>
        new(leaving, new Trainee("Alix", "Bernard", email, "0611223344", "Autre structure", "Animatrice", TraineeCategory.Professional), today ?? Today, Start, "Camille Martin");

    [Fact]
    public void The_new_person_takes_the_place_with_the_old_ones_organisation_and_category_and_the_locks_are_swapped()
    {
        var decision = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(Confirmed(), Command("ana@example.org"), EnrolmentBuilder.Now));

        var after = decision.Change.After;
        var alix = after.Trainees[0];
        Assert.Equal(("alix@example.org", "CCAS", TraineeCategory.Volunteer), (alix.Email, alix.Organisation, alix.Category));
        // The declaration was not made by the new person: the same association, for staff to approve.
        Assert.Equal("Les Petits Frères", alix.VolunteerDeclaration!.Association);
        Assert.True(alix.VolunteerDeclaration.AwaitsApproval);
        Assert.Equal("leo@example.org", after.Trainees[1].Email);
        Assert.Equal(Confirmed().Seats, after.Seats);
        Assert.Equal(Confirmed().TotalCents, after.TotalCents);
        var replaced = Assert.Single(after.ReplacedTrainees);
        Assert.Equal(("ana@example.org", "alix@example.org", 0, true), (replaced.Trainee.Email, replaced.ReplacedBy, replaced.Index, replaced.HadConvocation));
        Assert.Equal(SeatChange.SwapLocks, decision.Change.Seats);
        Assert.Equal(
            [new Notice(EmailKind.TraineeReplaced, RecipientRole.Payer, 0), Notice.ToTrainee(EmailKind.Convocation, 0),
             new Notice(EmailKind.TraineeCancelled, RecipientRole.ReplacedTrainee, 0), Notice.ToStaff(EmailKind.StaffReplacement)],
            decision.Change.Notices);
    }

    [Fact]
    public void Before_the_confirmation_nobody_is_convened_so_only_the_payer_and_staff_hear_of_it()
    {
        var held = Confirmed() with { State = EnrolmentState.AwaitingInvoice, PaymentMethod = PaymentMethod.Invoice };

        var decision = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(held, Command("leo@example.org"), EnrolmentBuilder.Now));

        Assert.Equal([EmailKind.TraineeReplaced, EmailKind.StaffReplacement], decision.Change.Notices.Select(n => n.Kind));
        Assert.False(decision.Change.After.ReplacedTrainees[0].HadConvocation);
    }

    [Fact]
    public void The_same_replacement_asked_again_changes_nothing_and_never_replaces_the_next_person()
    {
        var once = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(Confirmed(), Command("ana@example.org"), EnrolmentBuilder.Now)).Change.After;

        // Two requests read the record before the first commit (same leaving address), or one after it (the new person's).
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(once, Command("ana@example.org"), EnrolmentBuilder.Now));
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(once, Command("alix@example.org"), EnrolmentBuilder.Now));
    }

    [Theory]
    [InlineData(EnrolmentState.Cancelled)]
    [InlineData(EnrolmentState.Expired)]
    [InlineData(EnrolmentState.WaitingList)]
    [InlineData(EnrolmentState.PaidNoSeat)]
    public void An_enrolment_that_holds_no_place_has_nobody_to_replace(EnrolmentState state) =>
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(Confirmed() with { State = state }, Command("ana@example.org"), EnrolmentBuilder.Now));

    [Fact]
    public void Once_the_session_started_or_for_a_self_funded_contract_or_for_someone_already_in_the_enrolment_it_is_refused()
    {
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(Confirmed(), Command("ana@example.org", today: Start), EnrolmentBuilder.Now));
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(Confirmed(), Command("ana@example.org", email: "LEO@example.org"), EnrolmentBuilder.Now));
        var selfFunded = new EnrolmentBuilder().SelfFunded().Build();
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(selfFunded, Command("ana@example.org"), EnrolmentBuilder.Now));
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(Confirmed(), Command("nobody@example.org"), EnrolmentBuilder.Now));
    }
}
