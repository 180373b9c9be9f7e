using Monalisa.Domain.Notices;

namespace Monalisa.Domain.Enrolment;

/// <summary>
/// The staff console's money decisions, called from <see cref="EnrolmentDecisions.Decide"/>: recording an invoice
/// payment, and cancelling an enrolment or one trainee with the refund <see cref="CancellationTerms"/> allow.
/// </summary>
internal static class StaffMoney
{
    /// <summary>
    /// A payment for an invoice enrolment is kept on the record; the same bank line twice is one payment. On an invoice
    /// hold, the first payment also confirms it (places kept, convocations sent). The payer gets a receipt each time.
    /// </summary>
    public static Decision RecordPayment(EnrolmentRecord before, EnrolmentCommand.PaymentRecorded recorded, DateTimeOffset now)
    {
        if (before.Payments.Any(p => p.SamePaymentAs(recorded.Payment))) return new Decision.Unchanged();
        if (before.PaymentMethod != PaymentMethod.Invoice) return new Decision.Refused();
        EnrolmentRecord Add(EnrolmentRecord e) => e with { Payments = [.. e.Payments, recorded.Payment] };
        var receipt = Notice.ToPayer(EmailKind.PaymentReceipt);
        return before.State switch
        {
            EnrolmentState.AwaitingInvoice => EnrolmentDecisions.MoveFor(before, EnrolmentTrigger.StaffConfirmed, now, Add) is Decision.Write { Change: var change }
                ? new Decision.Write(change with { Notices = [.. change.Notices, receipt] })
                : new Decision.Refused(),
            // Paid after the confirmation, or after a late cancellation that keeps the course due.
            EnrolmentState.Confirmed => new Decision.Write(new EnrolmentDecision(Add(before) with { UpdatedAt = now }, SeatChange.None, [receipt])),
            EnrolmentState.Cancelled when EnrolmentMoney.Of(before).UnpaidInvoicedCents > 0 => new Decision.Write(new EnrolmentDecision(Add(before) with { UpdatedAt = now }, SeatChange.None, [receipt])),
            _ => new Decision.Refused(),
        };
    }

    public static Decision Cancel(EnrolmentRecord before, EnrolmentCommand.CancelledWithTerms command, DateTimeOffset now)
    {
        if (command.TraineeEmail is not { } email) return CancelWhole(before, command, now);
        var index = IndexOf(before.Trainees, email);
        if (index < 0)
            return before.CancelledTrainees.Any(c => Same(c.Trainee.Email, email)) || before.State == EnrolmentState.Cancelled
                ? new Decision.Unchanged()
                : new Decision.Refused();
        // The last trainee left: the whole enrolment goes.
        if (before.Trainees.Count == 1) return CancelWhole(before, command, now);
        if (before.State is not (EnrolmentState.Confirmed or EnrolmentState.AwaitingInvoice)) return new Decision.Refused();

        var terms = CancellationTerms.Settle(before, index, command.Reason, command.Today, command.LastEnrolmentDay);
        var entry = Entry(before, command, terms, now);
        var cancelled = new CancelledTrainee(before.Trainees[index], index, entry);
        var after = before with
        {
            Trainees = [.. before.Trainees.Where((_, i) => i != index)],
            // Places are not numbered per trainee: the enrolment keeps as many as it has trainees left.
            Seats = [.. before.Seats.Take(before.Seats.Count - 1)],
            CancelledTrainees = [.. before.CancelledTrainees, cancelled],
            WaivedCents = before.WaivedCents + terms.WaivedCents,
            RefundEntries = [.. before.RefundEntries, .. terms.Refunds.Select(r => new RefundEntry(r.Key!, r.PaymentIntentId, r.AmountCents, now))],
            StaffAttention = ByHandNote(terms) ?? before.StaffAttention,
            UpdatedAt = now,
        };
        var number = after.CancelledTrainees.Count - 1;
        List<Notice> notices = [new Notice(EmailKind.EnrolmentCancelled, RecipientRole.Payer, number)];
        if (entry.HadConvocation) notices.Add(new Notice(EmailKind.TraineeCancelled, RecipientRole.CancelledTrainee, number));
        notices.Add(Notice.ToStaff(EmailKind.StaffCancellation));
        return new Decision.Write(new EnrolmentDecision(after, SeatChange.Release, notices) { Refunds = terms.Refunds });
    }

    private static Decision CancelWhole(EnrolmentRecord before, EnrolmentCommand.CancelledWithTerms command, DateTimeOffset now)
    {
        if (before.State == EnrolmentState.Cancelled) return new Decision.Unchanged();
        var terms = CancellationTerms.Settle(before, null, command.Reason, command.Today, command.LastEnrolmentDay);
        var entry = Entry(before, command, terms, now);
        var moved = EnrolmentDecisions.MoveFor(before, EnrolmentTrigger.Cancelled, now, e => e with
        {
            Cancellation = entry,
            WaivedCents = e.WaivedCents + terms.WaivedCents,
            RefundEntries = [.. e.RefundEntries, .. terms.Refunds.Select(r => new RefundEntry(r.Key!, r.PaymentIntentId, r.AmountCents, now))],
            StaffAttention = ByHandNote(terms) ?? e.StaffAttention,
        });
        if (moved is not Decision.Write { Change: var change }) return moved;
        List<Notice> notices = [Notice.ToPayer(EmailKind.EnrolmentCancelled)];
        // Before the convocation a trainee's address has heard nothing from us, and hears nothing now.
        if (entry.HadConvocation)
            for (var i = 0; i < before.Trainees.Count; i++) notices.Add(Notice.ToTrainee(EmailKind.TraineeCancelled, i));
        notices.Add(Notice.ToStaff(EmailKind.StaffCancellation));
        return new Decision.Write(change with { Notices = notices, Refunds = terms.Refunds });
    }

    private static CancellationEntry Entry(EnrolmentRecord before, EnrolmentCommand.CancelledWithTerms command, CancellationSettlement terms, DateTimeOffset now) =>
        new(command.Reason, now, terms.ShareCents, terms.RefundCents, terms.WaivedCents, HadConvocation(before.State), command.By) { Note = command.Note };

    /// <summary>The states in which the trainees were sent their convocation (and its calendar entry).</summary>
    private static bool HadConvocation(EnrolmentState state) => CancellationTerms.IsFinal(state);

    private static string? ByHandNote(CancellationSettlement terms) => terms.ToRefundByHand > 0
        ? $"Annulation : {Text.FrenchFormat.EurosFromCents(terms.ToRefundByHand)} reçus par virement ou chèque sont à rembourser au payeur (hors Stripe)."
        : null;

    private static int IndexOf(IReadOnlyList<Trainee> trainees, string email)
    {
        for (var i = 0; i < trainees.Count; i++) if (Same(trainees[i].Email, email)) return i;
        return -1;
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
