using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Invoicing;

/// <summary>What an enrolment must have issued next.</summary>
public abstract record BillingStep
{
    public sealed record Nothing : BillingStep;

    /// <summary>
    /// Issue the enrolment's <paramref name="Index"/>-th document: an invoice (the first one, or a complementary invoice
    /// after an increase) or a credit note of <paramref name="GrossCents"/> that credits <paramref name="Credits"/> (BG-3).
    /// </summary>
    public sealed record Issue(int Index, DocumentKind Kind, long GrossCents, IssuedDocument? Credits) : BillingStep
    {
        public bool Complementary => Kind == DocumentKind.Invoice && Index > 1;
    }
}

/// <summary>
/// When an enrolment is invoiced, and what makes the net invoiced (invoices less credit notes) converge to what is owed.
/// <list type="bullet">
/// <item>card payers: once paid and confirmed;</item>
/// <item>invoice payers: once confirmed (staff, purchase order, accepted convention, payment recorded);</item>
/// <item>public bodies (<see cref="Payer.PublicBody"/>): after the session's last day when the setting says so, since
/// public accounting pays after the service is done;</item>
/// <item>self-funded trainees: ONE invoice, at the first instalment paid (each instalment has its receipt).</item>
/// </list>
/// After the first invoice, a reduction of what is owed (cancellation, waiver) gives a credit note that refers to the
/// last invoice, an increase (volunteer re-priced) a complementary invoice. An issued document is never changed, and a
/// cancellation before any invoice issues nothing.
/// </summary>
public static class BillingPlan
{
    /// <param name="today">The day in Paris (the public body's « after the session »).</param>
    public static BillingStep Next(EnrolmentRecord enrolment, DateOnly today, bool publicBodiesAfterSession)
    {
        if (enrolment.AnonymisedAt is not null) return new BillingStep.Nothing();
        var issued = enrolment.Documents;
        var invoiced = NetInvoicedCents(issued);
        if (issued.Count == 0 && !FirstInvoiceDue(enrolment, today, publicBodiesAfterSession)) return new BillingStep.Nothing();
        var owed = OwedCents(enrolment);
        var index = issued.Count == 0 ? 1 : issued.Max(d => d.Index) + 1;
        if (owed > invoiced) return new BillingStep.Issue(index, DocumentKind.Invoice, owed - invoiced, null);
        if (owed < invoiced)
            return new BillingStep.Issue(index, DocumentKind.CreditNote, invoiced - owed, issued.Last(d => d.Kind == DocumentKind.Invoice));
        return new BillingStep.Nothing();
    }

    /// <summary>The first invoice is due: the enrolment is binding by the policy of its payer (see the class).</summary>
    public static bool FirstInvoiceDue(EnrolmentRecord enrolment, DateOnly today, bool publicBodiesAfterSession)
    {
        if (enrolment.Instalments.Count > 0)
            return enrolment.Instalments.Any(i => i.Paid) && enrolment.State is EnrolmentState.PartlyPaid or EnrolmentState.InstalmentOverdue or EnrolmentState.Confirmed;
        // Cancelled late, the course kept due by the conditions of sale (nothing waived): what stays owed is invoiced now.
        if (enrolment.State == EnrolmentState.Cancelled) return enrolment.Cancellation is not null && OwedCents(enrolment) > 0;
        if (enrolment.State != EnrolmentState.Confirmed) return false;
        if (enrolment.PaymentMethod == PaymentMethod.Card) return enrolment.PaidAt is not null;
        // The session's last day is over (SessionEnd is that day's UTC midnight).
        return enrolment.Payer.PublicBody is null || !publicBodiesAfterSession || today > DateOnly.FromDateTime(enrolment.SessionEnd.UtcDateTime);
    }

    /// <summary>
    /// What the enrolment owes once binding: the quote (re-priced volunteers included) less what cancellations let go;
    /// nothing once cancelled before its terms were recorded, refunded or withdrawn.
    /// </summary>
    public static long OwedCents(EnrolmentRecord enrolment) => enrolment.State switch
    {
        EnrolmentState.Cancelled when enrolment.Cancellation is null => 0,
        EnrolmentState.Refunded or EnrolmentState.Withdrawn => 0,
        _ => Math.Max(0, enrolment.TotalCents - enrolment.WaivedCents),
    };

    /// <summary>Invoices less credit notes, with VAT.</summary>
    public static long NetInvoicedCents(IReadOnlyList<IssuedDocument> documents) =>
        documents.Sum(d => d.Kind == DocumentKind.Invoice ? d.GrossCents : -d.GrossCents);
}
