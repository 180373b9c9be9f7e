using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Staff;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests.Staff;

public sealed class StaffActionsTests
{
    private static EnrolmentRecord Enrolment(EnrolmentState state, PaymentMethod method = PaymentMethod.Card, int trainees = 1) =>
        new EnrolmentBuilder().In(state).Build() with
        {
            PaymentMethod = method,
            Trainees = [.. Enumerable.Range(0, trainees).Select(i => EnrolmentBuilder.Trainee($"t{i}@example.org"))],
        };

    [Fact]
    public void An_invoice_enrolment_awaiting_payment_can_be_paid_extended_given_its_order_or_cancelled()
    {
        var actions = StaffActions.For(Enrolment(EnrolmentState.AwaitingInvoice, PaymentMethod.Invoice));

        Assert.True(actions.RecordPayment && actions.Extend && actions.PurchaseOrder && actions.Cancel && actions.Move && actions.Replace);
        Assert.False(actions.ConfirmPaidNoSeat || actions.RefundPaidNoSeat || actions.ResendConvocation || actions.RecordWithdrawal);
    }

    [Fact]
    public void A_confirmed_invoice_enrolment_can_still_be_paid_until_it_is_paid_in_full()
    {
        var owed = Enrolment(EnrolmentState.Confirmed, PaymentMethod.Invoice);
        var paid = owed with { PaidAt = EnrolmentBuilder.Now, PaidAmountCents = owed.TotalCents };

        Assert.True(StaffActions.For(owed).RecordPayment);
        Assert.False(StaffActions.For(paid).RecordPayment);
        Assert.False(StaffActions.For(owed).Extend);
        Assert.True(StaffActions.For(owed).ResendConvocation);
    }

    [Fact]
    public void A_card_enrolment_is_never_offered_an_invoice_payment()
    {
        Assert.False(StaffActions.For(Enrolment(EnrolmentState.Confirmed)).RecordPayment);
    }

    [Fact]
    public void Paid_without_a_place_offers_only_to_confirm_or_refund()
    {
        var actions = StaffActions.For(Enrolment(EnrolmentState.PaidNoSeat));

        Assert.True(actions.ConfirmPaidNoSeat && actions.RefundPaidNoSeat);
        Assert.False(actions.Cancel || actions.Move || actions.Replace || actions.RecordPayment || actions.Extend);
    }

    [Fact]
    public void One_trainee_can_be_cancelled_only_when_the_enrolment_has_several()
    {
        Assert.False(StaffActions.For(Enrolment(EnrolmentState.Confirmed)).CancelOneTrainee);
        Assert.True(StaffActions.For(Enrolment(EnrolmentState.Confirmed, trainees: 2)).CancelOneTrainee);
    }

    [Theory]
    [InlineData(EnrolmentState.Cancelled)]
    [InlineData(EnrolmentState.Expired)]
    [InlineData(EnrolmentState.Refunded)]
    [InlineData(EnrolmentState.Withdrawn)]
    public void An_ended_enrolment_offers_only_a_note(EnrolmentState state)
    {
        var actions = StaffActions.For(Enrolment(state, PaymentMethod.Invoice));

        Assert.False(actions.Any);
        Assert.True(actions.AddNote);
    }

    [Fact]
    public void A_waiting_list_request_can_be_cancelled_but_not_moved()
    {
        var actions = StaffActions.For(Enrolment(EnrolmentState.WaitingList));

        Assert.True(actions.Cancel);
        Assert.False(actions.Move || actions.Replace);
    }

    [Fact]
    public void A_withdrawal_letter_is_recorded_only_for_a_self_funded_trainee_who_signed_and_paid_nothing()
    {
        var signed = new EnrolmentBuilder().SelfFunded(false, false).In(EnrolmentState.ContractSigned).Build();

        Assert.True(StaffActions.For(signed).RecordWithdrawal);
        Assert.False(StaffActions.For(signed with { State = EnrolmentState.PartlyPaid }).RecordWithdrawal);
        Assert.False(StaffActions.For(Enrolment(EnrolmentState.ContractSigned, PaymentMethod.Invoice)).RecordWithdrawal);
    }

    [Fact]
    public void Only_declarations_awaiting_approval_are_offered_a_decision()
    {
        var volunteer = new Trainee("Dom", "Durand", "dom@example.org", null, null, null, TraineeCategory.Volunteer)
        {
            VolunteerDeclaration = new VolunteerDeclaration("Les Petits Frères", EnrolmentBuilder.Now) { AwaitsApproval = true },
        };
        var approved = volunteer with { VolunteerDeclaration = volunteer.VolunteerDeclaration! with { AwaitsApproval = false } };
        var record = Enrolment(EnrolmentState.Confirmed) with { Trainees = [EnrolmentBuilder.Trainee("a@example.org"), volunteer, approved] };

        Assert.Equal([1], StaffActions.For(record).VolunteersToDecide);
    }
}
