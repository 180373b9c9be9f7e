using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Notices;

/// <summary>Which emails a new enrolment or a move calls for, in the order they are sent (payer, trainees, staff).</summary>
public static class NoticePlan
{
    public static IReadOnlyList<Notice> ForNewEnrolment(EnrolmentRecord enrolment)
    {
        var plan = new Planner(enrolment);
        switch (enrolment.State)
        {
            case EnrolmentState.AwaitingInvoice:
                plan.Payer(EmailKind.EnrolmentRegistered).EachTrainee(EmailKind.EnrolmentRegistered).Staff(EmailKind.StaffNewEnrolment);
                break;
            // PendingPayment sends nothing yet: many checkouts are abandoned. Trainees and staff hear of it once it is
            // paid (confirmation), or if the payment fails.
            case EnrolmentState.ContractSigned:
                plan.Payer(EmailKind.ContractSigned).Staff(EmailKind.StaffNewEnrolment);
                if (enrolment.CautiousSchedule) plan.Staff(EmailKind.StaffCautiousSchedule);
                break;
            case EnrolmentState.WaitingList:
                plan.Payer(EmailKind.WaitingList).EachTrainee(EmailKind.WaitingList).Staff(EmailKind.StaffWaitingList);
                break;
        }
        return plan.Notices;
    }

    public static IReadOnlyList<Notice> ForMove(EnrolmentRecord before, EnrolmentRecord after)
    {
        var plan = new Planner(after);
        if (after.SelfFunded && SelfFunded(plan, before, after)) return plan.Notices;
        switch (after.State)
        {
            case EnrolmentState.Confirmed:
                plan.Payer(EmailKind.EnrolmentConfirmed).EachTrainee(EmailKind.Convocation).Staff(EmailKind.StaffConfirmation);
                break;
            case EnrolmentState.Expired when before.State == EnrolmentState.PendingPayment:
                plan.Payer(EmailKind.PaymentFailedOrExpired);
                break;
            // Fixed copy to the payer only (no free text of theirs); staff, who were told of the request, hear it lapsed.
            case EnrolmentState.Expired when before.State == EnrolmentState.AwaitingInvoice:
                plan.Payer(EmailKind.PaymentFailedOrExpired).Staff(EmailKind.StaffHoldLapsed);
                break;
            case EnrolmentState.PaymentFailed:
                plan.Payer(EmailKind.PaymentFailedOrExpired).Staff(EmailKind.StaffPaymentFailed);
                break;
            case EnrolmentState.PaidNoSeat:
                plan.Payer(EmailKind.PaidNoSeat).Staff(EmailKind.StaffPaidNoSeat);
                break;
        }
        return plan.Notices;
    }

    /// <summary>Self-funded moves: a receipt per instalment, the convocation with the first one, a link when one fails.</summary>
    private static bool SelfFunded(Planner plan, EnrolmentRecord before, EnrolmentRecord after)
    {
        switch (after.State)
        {
            case EnrolmentState.PartlyPaid or EnrolmentState.Confirmed when !before.Instalments.Any(i => i.Paid):
                plan.Payer(EmailKind.InstalmentReceipt).EachTrainee(EmailKind.Convocation).Staff(EmailKind.StaffConfirmation);
                return true;
            case EnrolmentState.PartlyPaid or EnrolmentState.Confirmed:
                plan.Payer(EmailKind.InstalmentReceipt);
                return true;
            case EnrolmentState.InstalmentOverdue:
                plan.Payer(EmailKind.InstalmentRecovery).Staff(EmailKind.StaffInstalmentFailed);
                return true;
            case EnrolmentState.Withdrawn:
                plan.Payer(EmailKind.WithdrawalConfirmed).Staff(EmailKind.StaffWithdrawal);
                return true;
            case EnrolmentState.Expired when before.State == EnrolmentState.ContractSigned:
                plan.Payer(EmailKind.PaymentFailedOrExpired).Staff(EmailKind.StaffHoldLapsed);
                return true;
            case EnrolmentState.Expired when before.State == EnrolmentState.InstalmentOverdue:
                plan.Payer(EmailKind.PaymentFailedOrExpired).Staff(EmailKind.StaffPaymentFailed);
                return true;
            default:
                return false;
        }
    }

    private sealed class Planner(EnrolmentRecord enrolment)
    {
        public List<Notice> Notices { get; } = [];

        public Planner Payer(string kind) => Add(Notice.ToPayer(kind));

        public Planner Staff(string kind) => Add(Notice.ToStaff(kind));

        public Planner EachTrainee(string kind)
        {
            for (var i = 0; i < enrolment.Trainees.Count; i++)
            {
                // The payer already gets their own copy when they are also the trainee.
                if (string.Equals(enrolment.Trainees[i].Email, enrolment.Payer.Email, StringComparison.OrdinalIgnoreCase) && kind != EmailKind.Convocation)
                    continue;
                Add(Notice.ToTrainee(kind, i));
            }
            return this;
        }

        private Planner Add(Notice notice)
        {
            Notices.Add(notice);
            return this;
        }
    }
}
