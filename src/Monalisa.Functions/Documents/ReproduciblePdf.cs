using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;

namespace Monalisa.Functions.Documents;

/// <summary>
/// Saves a document so that the same input gives the same bytes: the invoice stored in the ledger, its SHA-256 and a
/// copy printed again later agree. PDFsharp draws four values at random on every save: the trailer's file identifier,
/// the six-letter tag of each embedded font subset, and the XMP packet's document and instance ids. Here each is derived
/// from a hash of the input instead (identifiers only need to differ between documents, not to be unpredictable), and
/// the creation date is the one given.
/// </summary>
internal static partial class ReproduciblePdf
{
    public const string Creator = "MONALISA (PDFsharp)";

    public static byte[] Save(PdfDocument document, PdfProperties properties, string markdown)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', markdown, properties.Title, properties.Subject, properties.CreatedAt.ToString("O"))));
        document.Info.Title = properties.Title;
        document.Info.Subject = properties.Subject;
        document.Info.Creator = Creator;
        // UTC, so the date written does not depend on the machine's time zone.
        document.Info.CreationDate = properties.CreatedAt.UtcDateTime;
        var id = new string([.. seed[..16].Select(b => (char)b)]);
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;
        foreach (var dictionary in document.Internals.GetAllObjects().OfType<PdfDictionary>())
            foreach (var key in (string[])["/BaseFont", "/FontName"])
                if (SubsetName().Match(dictionary.Elements.GetName(key)) is { Success: true } match)
                    dictionary.Elements.SetName(key, $"/{Tag(match.Groups[2].Value)}+{match.Groups[2].Value}");

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        var bytes = stream.ToArray();
        // The XMP packet is written during the save: its two ids are replaced in place, same length, so no offset moves.
        Replace(bytes, "<xmpMM:DocumentID>uuid:", new Guid(seed[16..32]));
        Replace(bytes, "<xmpMM:InstanceID>uuid:", new Guid(seed[..16]));
        return bytes;
    }

    /// <summary>Six capital letters from the font's name (PDF 32000 §9.6.4): the same font, the same tag.</summary>
    private static string Tag(string fontName)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(fontName));
        return new string([.. hash[..6].Select(b => (char)('A' + b % 26))]);
    }

    private static void Replace(byte[] bytes, string marker, Guid value)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        if (at < 0) return;
        var text = Encoding.ASCII.GetBytes(value.ToString("D"));
        text.CopyTo(bytes, at + marker.Length);
    }

    [GeneratedRegex("^/([A-Z]{6})\\+(.+)$")]
    private static partial Regex SubsetName();
}
