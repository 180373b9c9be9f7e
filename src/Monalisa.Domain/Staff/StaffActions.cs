using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Staff;

/// <summary>
/// Which of the console's actions an enrolment's state allows: the one place the enrolment page asks, so that a form is
/// shown only when its act can succeed. The act itself is still decided (and may still be refused) by its own handler.
/// </summary>
public sealed record StaffActions(
    bool RecordPayment,
    bool Extend,
    bool PurchaseOrder,
    bool Cancel,
    bool CancelOneTrainee,
    bool ConfirmPaidNoSeat,
    bool RefundPaidNoSeat,
    bool Replace,
    bool ResendConvocation,
    bool RecordWithdrawal,
    IReadOnlyList<int> VolunteersToDecide,
    bool Move,
    bool AddNote)
{
    public static StaffActions For(EnrolmentRecord enrolment)
    {
        var state = enrolment.State;
        if (enrolment.AnonymisedAt is not null)
            return new StaffActions(false, false, false, false, false, false, false, false, false, false, [], false, false);
        var holds = EnrolmentStateMachine.HoldsSeats(state);
        var invoice = enrolment.PaymentMethod == PaymentMethod.Invoice;
        return new StaffActions(
            // An invoice is paid while the place is held or once confirmed, as long as something is still owed.
            RecordPayment: invoice && state is EnrolmentState.AwaitingInvoice or EnrolmentState.Confirmed && EnrolmentMoney.Of(enrolment).PaidCents < enrolment.TotalCents,
            Extend: state == EnrolmentState.AwaitingInvoice,
            PurchaseOrder: state == EnrolmentState.AwaitingInvoice,
            Cancel: holds || state == EnrolmentState.WaitingList,
            CancelOneTrainee: (holds || state == EnrolmentState.WaitingList) && enrolment.Trainees.Count > 1,
            ConfirmPaidNoSeat: state == EnrolmentState.PaidNoSeat,
            RefundPaidNoSeat: state == EnrolmentState.PaidNoSeat,
            // The same states StaffReplacement accepts: a self-funded contract binds its trainee, an offer is not yet a place.
            Replace: !enrolment.SelfFunded && state is EnrolmentState.PendingPayment or EnrolmentState.AwaitingInvoice or EnrolmentState.Confirmed,
            // Trainees are convened once the place is theirs.
            ResendConvocation: state is EnrolmentState.Confirmed or EnrolmentState.PartlyPaid,
            // The withdrawal right (L6353-5) is used before anything is charged.
            RecordWithdrawal: enrolment.SelfFunded && state == EnrolmentState.ContractSigned,
            VolunteersToDecide: holds || state == EnrolmentState.WaitingList
                ? [.. enrolment.Trainees.Select((t, i) => (t, i)).Where(x => x.t.VolunteerDeclaration?.AwaitsApproval == true).Select(x => x.i)]
                : [],
            Move: holds,
            AddNote: true);
    }

    /// <summary>At least one act on the enrolment itself (notes aside): the page shows its « actions » section.</summary>
    public bool Any => RecordPayment || Extend || PurchaseOrder || Cancel || ConfirmPaidNoSeat || RefundPaidNoSeat || Replace
        || ResendConvocation || RecordWithdrawal || VolunteersToDecide.Count > 0 || Move;
}
