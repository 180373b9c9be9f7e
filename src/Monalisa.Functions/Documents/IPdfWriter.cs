namespace Monalisa.Functions.Documents;

/// <summary>
/// Lays out a document written in Markdown (headings, paragraphs, lists, pipe tables: what the templates under
/// site/theme/legal/ produce) as a PDF of real text, in the embedded open-licence font, so that the text can be searched,
/// copied and read by a screen reader or a test. The same Markdown gives the HTML page: one text, two formats.
/// </summary>
internal interface IPdfWriter
{
    byte[] Write(string markdown, PdfProperties properties);
}

/// <summary>The PDF's document information (title, subject) and the date it carries, so that the same input gives the same bytes.</summary>
internal sealed record PdfProperties(string Title, string Subject, DateTimeOffset CreatedAt);

/// <summary>Prints an invoice or a credit note: its template (site/theme/legal/) rendered from the model, then laid out as a PDF.</summary>
internal interface IBillingDocumentPrinter
{
    byte[] Print(Monalisa.Domain.Invoicing.BillingDocument document);
}
