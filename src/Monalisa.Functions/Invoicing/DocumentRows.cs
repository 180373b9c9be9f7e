using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Invoicing;

/// <summary>One document as the console shows it: number, kind, date, amount, status, Chorus Pro status, download link.</summary>
internal sealed record DocumentRow(string Number, string Kind, DateOnly IssueDate, long GrossCents, string Status, string? ChorusStatus,
    string? Credits, string EnrolmentId, string Buyer, string Url);

/// <summary>The console's document rows: the ledger's documents with the status the domain reads from their enrolment.</summary>
internal sealed class DocumentRows(InvoiceLedger ledger, EnrolmentStore enrolments)
{
    public async Task<List<DocumentRow>> ForEnrolmentAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken) =>
        Rows(await ledger.ListAsync(enrolment.Id, cancellationToken), new Dictionary<string, EnrolmentRecord> { [enrolment.Id] = enrolment });

    public async Task<List<DocumentRow>> AllAsync(CancellationToken cancellationToken)
    {
        var entries = await ledger.ListAsync(null, cancellationToken);
        var records = new Dictionary<string, EnrolmentRecord>(StringComparer.Ordinal);
        foreach (var id in entries.Select(e => e.EnrolmentId).Distinct())
            if (await enrolments.GetAsync(id, cancellationToken) is { } record) records[id] = record;
        return Rows(entries, records);
    }

    private static List<DocumentRow> Rows(List<LedgerEntry> entries, IReadOnlyDictionary<string, EnrolmentRecord> records)
    {
        var credits = entries.ToDictionary(e => e.Issued.Number, e => e.Document.PrecedingInvoiceNumber, StringComparer.Ordinal);
        var statuses = new Dictionary<string, DocumentStatus>(StringComparer.Ordinal);
        foreach (var record in records.Values)
            foreach (var (number, status) in DocumentStatuses.Of(record, credits))
                statuses[number] = status;
        return [.. entries.OrderByDescending(e => e.Issued.IssuedAt).ThenByDescending(e => e.Issued.Number, StringComparer.Ordinal).Select(e => new DocumentRow(
            e.Issued.Number,
            e.Issued.Kind == DocumentKind.Invoice ? "invoice" : "credit-note",
            e.Document.IssueDate,
            e.Issued.GrossCents,
            // Issued but not yet recorded on its enrolment (the next run records it): issued.
            (statuses.TryGetValue(e.Issued.Number, out var s) ? s : DocumentStatus.Issued).ToString().ToLowerInvariant(),
            e.ChorusStatus,
            e.Document.PrecedingInvoiceNumber,
            e.EnrolmentId,
            e.Document.Buyer.Name,
            InvoicePaths.Staff(e.Issued.Number)))];
    }
}
