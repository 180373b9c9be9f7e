namespace Monalisa.Domain.Enrolment;

/// <summary>
/// Where an enrolment's money stands, read from the record alone: what was paid and kept (card, instalments, payments
/// staff recorded, less what went back), what is invoiced and not yet paid, and what went back. The staff dashboard and
/// the CSV sum these, so that a figure on screen is always one that storage holds.
/// </summary>
public sealed record EnrolmentMoney(long PaidCents, long UnpaidInvoicedCents, long RefundedCents)
{
    public static EnrolmentMoney Of(EnrolmentRecord enrolment)
    {
        var byCard = enrolment.Instalments.Count > 0
            ? enrolment.Instalments.Where(i => i.Paid).Sum(i => i.AmountCents)
            : enrolment.PaidAt is not null ? enrolment.PaidAmountCents ?? 0 : 0;
        var received = byCard + enrolment.Payments.Sum(p => p.AmountCents);
        var refunded = enrolment.State == EnrolmentState.Refunded ? received : Math.Min(received, enrolment.RefundEntries.Sum(r => r.AmountCents));
        return new EnrolmentMoney(received - refunded, Unpaid(enrolment, received), refunded);
    }

    /// <summary>
    /// An invoice is owed once the place is confirmed (purchase order, staff confirmation or a payment), until it is paid;
    /// a cancellation waives what the terms let go (<see cref="EnrolmentRecord.WaivedCents"/>), and what it keeps due
    /// stays owed. An enrolment cancelled before the terms were recorded owes nothing here.
    /// </summary>
    private static long Unpaid(EnrolmentRecord enrolment, long received)
    {
        if (enrolment.PaymentMethod != PaymentMethod.Invoice) return 0;
        var owing = enrolment.State == EnrolmentState.Confirmed
            || enrolment.State == EnrolmentState.Cancelled && enrolment.Cancellation is not null;
        return owing ? Math.Max(0, enrolment.TotalCents - enrolment.WaivedCents - received) : 0;
    }
}
