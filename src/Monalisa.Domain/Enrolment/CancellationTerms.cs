using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Enrolment;

/// <summary>What a cancellation gives back and lets go, decided by <see cref="CancellationTerms"/>.</summary>
/// <param name="ShareCents">The part of the quote cancelled: the whole remaining quote, or one trainee's line price.</param>
/// <param name="RefundCents">What goes back through Stripe (the sum of <paramref name="Refunds"/>).</param>
/// <param name="WaivedCents">What is no longer owed (an invoice not yet paid, the unpaid instalments).</param>
/// <param name="ToRefundByHand">Money received outside Stripe (transfer, cheque) that the terms give back: staff refund it.</param>
public sealed record CancellationSettlement(bool Full, long ShareCents, long RefundCents, long WaivedCents, IReadOnlyList<RefundOrder> Refunds, long ToRefundByHand);

/// <summary>
/// The refund the conditions of sale allow when an enrolment, or one trainee of it, is cancelled (site/input/
/// conditions-generales.md, « Annulation, report et abandon »):
/// <list type="bullet">
/// <item>by the organisation (trainer ill, too few trainees, force majeure): everything paid for the share goes back;</item>
/// <item>by the payer up to the session's enrolment deadline (<see cref="Catalogue.EnrolmentDeadline"/>): the same;</item>
/// <item>by the payer after it: nothing goes back and the course stays due (staff may still offer another session);</item>
/// <item>before the enrolment was final (unpaid card hold, invoice not confirmed, contract with nothing charged): nothing
/// was paid and nothing is owed.</item>
/// </list>
/// One trainee of several: that trainee's price from the quote lines. Self-funded: each paid instalment, on the same terms.
/// </summary>
public static class CancellationTerms
{
    /// <param name="traineeIndex">The trainee cancelled, or null for the whole enrolment.</param>
    /// <param name="today">The day the cancellation is received, in Paris.</param>
    /// <param name="lastEnrolmentDay">The session's last enrolment day (EnrolmentDeadline.LastEnrolmentDay).</param>
    public static CancellationSettlement Settle(EnrolmentRecord enrolment, int? traineeIndex, CancellationReason reason, DateOnly today, DateOnly lastEnrolmentDay)
    {
        var final = IsFinal(enrolment.State);
        var full = reason == CancellationReason.Organisme || today <= lastEnrolmentDay || !final;
        var share = traineeIndex is { } i ? TraineeShare(enrolment, i) : Math.Max(0, enrolment.TotalCents - enrolment.WaivedCents);
        if (!full) return new CancellationSettlement(false, share, 0, 0, [], 0);

        var refunds = new List<RefundOrder>();
        var left = traineeIndex is null ? long.MaxValue : share;
        var scope = traineeIndex is null ? "annulation" : $"annulation-{enrolment.CancelledTrainees.Count + 1}";
        foreach (var (paymentIntent, amount) in StripePayments(enrolment))
        {
            var refundable = Math.Min(amount - AlreadyRefunded(enrolment, paymentIntent), left);
            if (refundable <= 0) continue;
            refunds.Add(new RefundOrder(paymentIntent, refundable, $"{paymentIntent}-{scope}"));
            left -= refundable;
        }
        var refunded = refunds.Sum(r => r.AmountCents);
        // Money received by transfer or cheque beyond what stays owed once the share is waived goes back by hand.
        var byHand = Math.Max(0, enrolment.Payments.Sum(p => p.AmountCents) - Math.Max(0, enrolment.TotalCents - enrolment.WaivedCents - share));
        if (traineeIndex is not null) byHand = Math.Min(byHand, Math.Max(0, share - refunded));
        return new CancellationSettlement(true, share, refunded, share, refunds, byHand);
    }

    /// <summary>The enrolment is binding: paid, confirmed by staff or a purchase order, or a self-funded contract being paid.</summary>
    public static bool IsFinal(EnrolmentState state) =>
        state is EnrolmentState.Confirmed or EnrolmentState.PartlyPaid or EnrolmentState.InstalmentOverdue;

    /// <summary>One trainee's price: the unit price of their category's quote line for the course's days.</summary>
    public static long TraineeShare(EnrolmentRecord enrolment, int index)
    {
        var trainee = enrolment.Trainees[index];
        var line = enrolment.Lines.FirstOrDefault(l => l.Category == QuoteCategories.For(trainee.Category));
        return line?.UnitAmountCents(enrolment.Days) ?? enrolment.TotalCents / Math.Max(1, enrolment.Trainees.Count);
    }

    /// <summary>The payments Stripe holds for the enrolment: its card payment, or each instalment paid.</summary>
    private static IEnumerable<(string PaymentIntent, long Amount)> StripePayments(EnrolmentRecord enrolment)
    {
        if (enrolment.Instalments.Count > 0)
        {
            foreach (var instalment in enrolment.Instalments.Where(i => i.Paid && i.PaymentIntentId is not null))
                yield return (instalment.PaymentIntentId!, instalment.AmountCents);
        }
        else if (enrolment.PaidAt is not null && enrolment.PaymentReference is { } reference && enrolment.PaidAmountCents is { } amount)
        {
            yield return (reference, amount);
        }
    }

    private static long AlreadyRefunded(EnrolmentRecord enrolment, string paymentIntent) =>
        enrolment.RefundEntries.Where(r => r.PaymentIntentId == paymentIntent).Sum(r => r.AmountCents);
}
