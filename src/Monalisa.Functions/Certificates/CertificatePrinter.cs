using Monalisa.Content;
using Monalisa.Domain.Certificates;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Certificates;

/// <summary>
/// An attestation or a certificat de réalisation on paper: its template rendered from the content, then laid out. The
/// PDF carries the issue date, so printing the same content again gives the same bytes.
/// </summary>
internal sealed class CertificatePrinter(IPdfWriter writer)
{
    public byte[] Print(CertificateContent content)
    {
        var markdown = CertificateWriter.Markdown(content);
        var createdAt = new DateTimeOffset(content.IssuedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return writer.Write(markdown, new PdfProperties(CertificateWriter.Title(markdown), $"{content.Provider.Name} — {content.CourseTitle}", createdAt));
    }
}
