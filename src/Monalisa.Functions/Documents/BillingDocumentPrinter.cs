using Monalisa.Content;
using Monalisa.Domain.Invoicing;

namespace Monalisa.Functions.Documents;

/// <summary>
/// An invoice or credit note on paper: site/theme/legal/facture.liquid rendered from the issued model, then laid out.
/// The PDF carries the issue date as its creation date, so printing the same document again gives the same bytes (and
/// the same SHA-256 as the copy the ledger stored).
/// </summary>
internal sealed class BillingDocumentPrinter(IPdfWriter writer, SiteSettings settings) : IBillingDocumentPrinter
{
    public byte[] Print(BillingDocument document)
    {
        var markdown = BillingDocumentWriter.Markdown(document, settings);
        var title = BillingDocumentWriter.Title(markdown);
        var createdAt = new DateTimeOffset(document.IssueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return writer.Write(markdown, new PdfProperties(title, $"{settings.Legal.Name.Trim()} — {document.Buyer.Name.Trim()}", createdAt));
    }
}
