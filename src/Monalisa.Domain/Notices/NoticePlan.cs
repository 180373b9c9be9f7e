using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Notices;

/// <summary>Which emails a new enrolment or a move calls for, in the order they are sent (payer, trainees, staff).</summary>
public static class NoticePlan
{
    /// <summary>
    /// Before a request is confirmed (paid, staff-confirmed, purchase order recorded), only the person who sent it
    /// hears from us, in fixed words: anyone can type any address in a form, so a trainee's address gets nothing until
    /// the convocation (<see cref="ForMove"/>, Confirmed). Staff hear of everything.
    /// </summary>
    public static IReadOnlyList<Notice> ForNewEnrolment(EnrolmentRecord enrolment)
    {
        var plan = new Planner(enrolment);
        switch (enrolment.State)
        {
            case EnrolmentState.AwaitingInvoice:
                plan.Payer(EmailKind.EnrolmentRegistered).Staff(EmailKind.StaffNewEnrolment);
                break;
            // Many checkouts are abandoned: the payer gets the way back to the payment page; staff hear of it once it
            // is paid (confirmation), or if the payment fails.
            case EnrolmentState.PendingPayment:
                plan.Payer(EmailKind.ResumePayment);
                break;
            case EnrolmentState.ContractSigned:
                plan.Payer(EmailKind.ContractSigned).Staff(EmailKind.StaffNewEnrolment);
                if (enrolment.CautiousSchedule) plan.Staff(EmailKind.StaffCautiousSchedule);
                break;
            case EnrolmentState.WaitingList:
                plan.Payer(EmailKind.WaitingList).Staff(EmailKind.StaffWaitingList);
                break;
        }
        return plan.Notices;
    }

    /// <summary>
    /// A new request named people who already hold a place in the session (<paramref name="traineeIndexes"/>: their
    /// rows in <paramref name="existing"/>). The asker is answered as for any request received, so the answer tells a
    /// stranger nothing; those concerned are told at the addresses on file. When the asker gave the payer's address on
    /// file, it is that payer coming back: they get the payment link if the card payment is still open, or a word
    /// that it is already done, and the trainees are not disturbed. Otherwise each trainee concerned is told. Staff
    /// are told either way.
    /// </summary>
    public static IReadOnlyList<Notice> ForDuplicateRequest(EnrolmentRecord existing, IReadOnlyList<int> traineeIndexes, string askerPayerEmail)
    {
        var plan = new Planner(existing);
        if (SameAddress(existing.Payer.Email, askerPayerEmail))
            plan.Payer(existing.State == EnrolmentState.PendingPayment && existing.PaymentMethod == PaymentMethod.Card
                ? EmailKind.ResumePayment
                : EmailKind.DuplicateRequest);
        else
            foreach (var i in traineeIndexes.Where(i => i >= 0 && i < existing.Trainees.Count).Distinct())
                plan.Trainee(EmailKind.DuplicateRequest, i);
        return plan.Staff(EmailKind.StaffDuplicateRequest).Notices;
    }

    private static bool SameAddress(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

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
            // Waiting list: the offer goes to the payer (who asked), never to trainees before a confirmation.
            case EnrolmentState.Offered when before.State == EnrolmentState.WaitingList:
                plan.Payer(EmailKind.WaitingListOffer);
                break;
            // A confirmed offer starts as a new enrolment of its kind would (see ForNewEnrolment).
            case EnrolmentState.AwaitingInvoice when before.State == EnrolmentState.Offered:
                plan.Payer(EmailKind.EnrolmentRegistered).Staff(EmailKind.StaffNewEnrolment);
                break;
            case EnrolmentState.PendingPayment when before.State == EnrolmentState.Offered:
                plan.Payer(EmailKind.ResumePayment);
                break;
            case EnrolmentState.OfferLapsed:
                plan.Payer(EmailKind.WaitingListOfferLapsed);
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

        public Planner Trainee(string kind, int index) => Add(Notice.ToTrainee(kind, index));

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
