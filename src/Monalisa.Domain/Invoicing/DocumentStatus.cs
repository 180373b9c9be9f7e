using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Invoicing;

/// <summary>Where an issued document stands for staff: issued, paid or credited.</summary>
public enum DocumentStatus { Issued, Paid, Credited }

public static class DocumentStatuses
{
    /// <summary>
    /// Each document's status, read from the enrolment alone: an invoice is credited once credit notes referring to it
    /// cover it, paid once the money received (before any refund) covers it, invoices taken oldest first; a credit note
    /// is issued.
    /// </summary>
    /// <param name="creditedNumbers">For each credit note, the number of the invoice it credits (from the ledger).</param>
    public static IReadOnlyDictionary<string, DocumentStatus> Of(EnrolmentRecord enrolment, IReadOnlyDictionary<string, string?> creditedNumbers)
    {
        var money = EnrolmentMoney.Of(enrolment);
        var received = money.PaidCents + money.RefundedCents;
        var statuses = new Dictionary<string, DocumentStatus>(StringComparer.Ordinal);
        foreach (var document in enrolment.Documents.OrderBy(d => d.Index))
        {
            if (document.Kind == DocumentKind.CreditNote)
            {
                statuses[document.Number] = DocumentStatus.Issued;
                continue;
            }
            var credited = enrolment.Documents
                .Where(d => d.Kind == DocumentKind.CreditNote && creditedNumbers.GetValueOrDefault(d.Number) == document.Number)
                .Sum(d => d.GrossCents);
            var due = Math.Max(0, document.GrossCents - credited);
            if (due == 0) statuses[document.Number] = DocumentStatus.Credited;
            else if (received >= due) statuses[document.Number] = DocumentStatus.Paid;
            else statuses[document.Number] = DocumentStatus.Issued;
            received = Math.Max(0, received - due);
        }
        return statuses;
    }
}
