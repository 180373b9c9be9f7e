using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Email;

/// <summary>
/// Which emails a change calls for. The records are written in the same transaction as the change (outbox),
/// so an email is sent if and only if the change happened.
/// </summary>
internal static class EmailPlan
{
    public static List<TableEntity> ForNewEnrolment(EnrolmentRecord enrolment, DateTimeOffset now)
    {
        var plan = new Planner(enrolment, now);
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
        return plan.Records;
    }

    public static List<TableEntity> ForTransition(EnrolmentRecord before, EnrolmentRecord after, DateTimeOffset now)
    {
        var plan = new Planner(after, now);
        if (after.SelfFunded && SelfFunded(plan, before, after)) return plan.Records;
        switch (after.State)
        {
            case EnrolmentState.Confirmed:
                plan.Payer(EmailKind.EnrolmentConfirmed).EachTrainee(EmailKind.Convocation).Staff(EmailKind.StaffConfirmation);
                break;
            case EnrolmentState.Expired when before.State == EnrolmentState.PendingPayment:
                plan.Payer(EmailKind.PaymentFailedOrExpired);
                break;
            case EnrolmentState.PaymentFailed:
                plan.Payer(EmailKind.PaymentFailedOrExpired).Staff(EmailKind.StaffPaymentFailed);
                break;
            case EnrolmentState.PaidNoSeat:
                plan.Payer(EmailKind.PaidNoSeat).Staff(EmailKind.StaffPaidNoSeat);
                break;
        }
        return plan.Records;
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
            case EnrolmentState.Expired when before.State == EnrolmentState.InstalmentOverdue:
                plan.Payer(EmailKind.PaymentFailedOrExpired).Staff(EmailKind.StaffPaymentFailed);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Staff must look at an enrolment (e.g. the amount paid differs from the quote).</summary>
    public static List<TableEntity> StaffAlert(EnrolmentRecord enrolment, string kind, DateTimeOffset now) =>
        new Planner(enrolment, now).Staff(kind).Records;

    private sealed class Planner(EnrolmentRecord enrolment, DateTimeOffset now)
    {
        public List<TableEntity> Records { get; } = [];

        public Planner Payer(string kind) => Add(kind, RecipientRole.Payer);

        public Planner Staff(string kind) => Add(kind, RecipientRole.Staff);

        public Planner EachTrainee(string kind)
        {
            for (var i = 0; i < enrolment.Trainees.Count; i++)
            {
                // The payer already gets their own copy when they are also the trainee.
                if (string.Equals(enrolment.Trainees[i].Email, enrolment.Payer.Email, StringComparison.OrdinalIgnoreCase) && kind != EmailKind.Convocation)
                    continue;
                Add(kind, RecipientRole.Trainee, i);
            }
            return this;
        }

        private Planner Add(string kind, RecipientRole role, int? traineeIndex = null)
        {
            // Distinct ticks keep the records' order stable within one change.
            Records.Add(OutboxRecord.Create(enrolment.SessionId, enrolment.RowKey, kind, role, now.AddTicks(Records.Count), traineeIndex));
            return this;
        }
    }
}
