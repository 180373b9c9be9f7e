namespace Monalisa.Domain.Enrolment;

/// <summary>
/// Where an enrolment's money stands, read from the record alone: what was paid (card, instalments, payments staff
/// recorded), what is invoiced and not yet paid, and what went back. The staff dashboard and the CSV sum these, so
/// that a figure on screen is always one that storage holds.
/// </summary>
public sealed record EnrolmentMoney(long PaidCents, long UnpaidInvoicedCents, long RefundedCents)
{
    public static EnrolmentMoney Of(EnrolmentRecord enrolment)
    {
        var paid = enrolment.Instalments.Count > 0
            ? enrolment.Instalments.Where(i => i.Paid).Sum(i => i.AmountCents)
            : enrolment.PaidAt is not null ? enrolment.PaidAmountCents ?? 0 : 0;
        var refunded = enrolment.State == EnrolmentState.Refunded ? paid : 0;
        // An invoice is owed once the place is confirmed (purchase order or staff confirmation), until it is paid.
        var unpaid = enrolment.PaymentMethod == PaymentMethod.Invoice && enrolment.State == EnrolmentState.Confirmed
            ? Math.Max(0, enrolment.TotalCents - paid)
            : 0;
        return new EnrolmentMoney(paid - refunded, unpaid, refunded);
    }
}
