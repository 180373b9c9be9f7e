using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Domain.WaitingList;

namespace Monalisa.Domain.Tests.WaitingList;

/// <summary>What moving trainees to another session writes on both sides.</summary>
public sealed class TraineeMoveTests
{
    private static readonly DateTimeOffset Now = EnrolmentBuilder.Now;
    private static readonly DateTimeOffset TargetEnd = new(2027, 6, 2, 0, 0, 0, TimeSpan.Zero);

    private static EnrolmentRecord Three(EnrolmentState state = EnrolmentState.Confirmed) => new EnrolmentBuilder()
        .In(state).Quoted(75_000).WithTrainees("a@example.org", "b@example.org", "c@example.org").Build() with { Seats = [4, 5, 6] };

    private static MovePlan Plan(MoveDecision decision) => Assert.IsType<MoveDecision.Move>(decision).Plan;

    [Fact]
    public void Moving_some_trainees_splits_the_enrolment_and_each_keeps_its_price()
    {
        var source = Three();

        var plan = Plan(TraineeMove.Decide(source, [1], "s-2027-06_abcdefghijkmnpqr", "s-2027-06", source.CourseSlug, TargetEnd, Now));

        Assert.Equal(["b@example.org"], plan.Target.Trainees.Select(t => t.Email));
        Assert.Equal(["a@example.org", "c@example.org"], plan.SourceAfter.Trainees.Select(t => t.Email));
        Assert.Equal(source.TotalCents, plan.Target.TotalCents + plan.SourceAfter.TotalCents);
        Assert.Equal(1, Assert.Single(plan.Target.Lines).Quantity);
        Assert.Equal([4, 5], plan.SourceAfter.Seats);
        Assert.Equal([6], plan.ReleasedSeats);
        Assert.Equal(EnrolmentState.Confirmed, plan.SourceAfter.State);
        Assert.Equal([Notice.ToTrainee(EmailKind.Convocation, 0)], plan.TargetNotices);
    }

    [Fact]
    public void Moving_everyone_leaves_the_source_moved_out_with_no_place()
    {
        var plan = Plan(TraineeMove.Decide(Three(EnrolmentState.AwaitingInvoice), null, "s-2027-06_abcdefghijkmnpqr", "s-2027-06", "cours-de-test", TargetEnd, Now));

        Assert.Equal(EnrolmentState.MovedOut, plan.SourceAfter.State);
        Assert.Empty(plan.SourceAfter.Seats);
        Assert.Equal([4, 5, 6], plan.ReleasedSeats);
        Assert.Equal(EnrolmentState.AwaitingInvoice, plan.Target.State);
        Assert.Equal(75_000, plan.Target.TotalCents);
        Assert.Empty(plan.TargetNotices);
    }

    [Fact]
    public void A_move_is_refused_for_an_unsettled_hold_the_same_session_another_course_or_an_unknown_trainee()
    {
        Assert.IsType<MoveDecision.WrongState>(TraineeMove.Decide(Three(EnrolmentState.PendingPayment), null, "t_abcdefghijkmnpqr", "s-2027-06", "cours-de-test", TargetEnd, Now));
        Assert.IsType<MoveDecision.SameSession>(TraineeMove.Decide(Three(), null, "t_abcdefghijkmnpqr", "s-2027-03", "cours-de-test", TargetEnd, Now));
        Assert.IsType<MoveDecision.OtherCourse>(TraineeMove.Decide(Three(), null, "t_abcdefghijkmnpqr", "s-2027-06", "autre-cours", TargetEnd, Now));
        Assert.Equal(3, Assert.IsType<MoveDecision.UnknownTrainee>(TraineeMove.Decide(Three(), [0, 3], "t_abcdefghijkmnpqr", "s-2027-06", "cours-de-test", TargetEnd, Now)).Index);
    }
}
