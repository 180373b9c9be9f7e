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

    /// <summary>A convocation sent again: a new email to that trainee, only once the enrolment is final.</summary>
    public static Decision ResendConvocation(EnrolmentRecord before, EnrolmentCommand.ConvocationResent resent, DateTimeOffset now)
    {
        var index = IndexOf(before.Trainees, resent.TraineeEmail);
        if (index < 0 || !CancellationTerms.IsFinal(before.State)) return new Decision.Refused();
        return new Decision.Write(new EnrolmentDecision(before with { UpdatedAt = now }, SeatChange.None, [Notice.ToTrainee(EmailKind.Convocation, index)]));
    }

    /// <summary>
    /// A volunteer declaration confirmed (the approval flag goes), or refused: « une fausse déclaration est facturée au
    /// tarif professionnel ». An invoice's total changes (the payer is told); money already taken by card leaves the
    /// difference owed, for staff to collect (flagged) and the payer is told. A self-funded contract is not re-priced
    /// here: its price and schedule are the contract's, so staff settle it with the trainee (flagged).
    /// </summary>
    public static Decision DecideVolunteer(EnrolmentRecord before, EnrolmentCommand.VolunteerDecided decided, DateTimeOffset now)
    {
        var index = IndexOf(before.Trainees, decided.TraineeEmail);
        if (index < 0) return new Decision.Refused();
        var trainee = before.Trainees[index];
        if (trainee.Category != Tariffs.TraineeCategory.Volunteer || trainee.VolunteerDeclaration is not { } declaration) return new Decision.Refused();
        if (before.State is EnrolmentState.Cancelled or EnrolmentState.Expired or EnrolmentState.Refunded or EnrolmentState.Withdrawn or EnrolmentState.PaymentFailed)
            return new Decision.Refused();
        if (decided.Confirmed)
            return declaration.AwaitsApproval
                ? new Decision.Write(new EnrolmentDecision(Replace(before, index, trainee with { VolunteerDeclaration = declaration with { AwaitsApproval = false } }) with { UpdatedAt = now }, SeatChange.None, []))
                : new Decision.Unchanged();

        var volunteerLine = before.Lines.FirstOrDefault(l => l.Category == Tariffs.QuoteCategories.Volunteer);
        var volunteerCents = volunteerLine?.UnitAmountCents(before.Days) ?? 0;
        var professionalCents = Tariffs.Money.ToCents(decided.Professional.PricePerDay * before.Days);
        var difference = professionalCents - volunteerCents;
        var repriced = trainee with { Category = Tariffs.TraineeCategory.Professional, VolunteerDeclaration = declaration with { AwaitsApproval = false } };
        if (before.SelfFunded)
            return new Decision.Write(new EnrolmentDecision(Replace(before, index, repriced) with
            {
                StaffAttention = $"Déclaration bénévole refusée : tarif professionnel dû, soit {Text.FrenchFormat.EurosFromCents(difference)} de plus. Contrat à ses frais : avenant et échéancier à voir avec le stagiaire.",
                UpdatedAt = now,
            }, SeatChange.None, [Notice.ToStaff(EmailKind.StaffAmountMismatch)]));

        var lines = Reprice(before.Lines, volunteerLine, decided.Professional, before.Days);
        var paidByCard = before.PaymentMethod == PaymentMethod.Card && before.PaidAt is not null;
        var after = Replace(before, index, repriced) with
        {
            Lines = lines,
            TotalCents = before.TotalCents + difference,
            StaffAttention = paidByCard
                ? $"Déclaration bénévole refusée : {Text.FrenchFormat.EurosFromCents(difference)} restent dus après le paiement par carte (tarif professionnel). À facturer au payeur."
                : before.StaffAttention,
            UpdatedAt = now,
        };
        return new Decision.Write(new EnrolmentDecision(after, SeatChange.None, [Notice.ToPayer(EmailKind.VolunteerRepriced), Notice.ToStaff(EmailKind.StaffAmountMismatch)]));
    }

    private static EnrolmentRecord Replace(EnrolmentRecord enrolment, int index, Trainee trainee) =>
        enrolment with { Trainees = [.. enrolment.Trainees.Select((t, i) => i == index ? trainee : t)] };

    /// <summary>One trainee moves from the volunteer line to the professional one (added if the quote had none).</summary>
    private static IReadOnlyList<Tariffs.QuoteLine> Reprice(IReadOnlyList<Tariffs.QuoteLine> lines, Tariffs.QuoteLine? volunteer, Tariffs.InterRate professional, int days)
    {
        var result = new List<Tariffs.QuoteLine>();
        var added = false;
        foreach (var line in lines)
        {
            if (line == volunteer)
            {
                if (line.Quantity > 1) result.Add(line with { Quantity = line.Quantity - 1, Amount = line.UnitPricePerDay * days * (line.Quantity - 1) });
            }
            else if (line.Category == Tariffs.QuoteCategories.Professional)
            {
                result.Add(line with { Quantity = line.Quantity + 1, Amount = line.UnitPricePerDay * days * (line.Quantity + 1) });
                added = true;
            }
            else result.Add(line);
        }
        if (!added)
            result.Insert(0, new Tariffs.QuoteLine(Tariffs.QuoteCategories.Professional, professional.Label, 1, professional.PricePerDay, professional.PricePerDay * days, days));
        return result;
    }
}
