using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>What a reader gets back from a PDF: each page's text in reading order, as PdfPig extracts it.</summary>
internal sealed record PdfText(IReadOnlyList<string> Pages, int ImageCount, string Title, string Subject)
{
    public static PdfText Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        return new PdfText(
            [.. pages.Select(p => Normalise(ContentOrderTextExtractor.GetText(p)))],
            pages.Sum(p => p.GetImages().Count()),
            document.Information.Title ?? "",
            document.Information.Subject ?? "");
    }

    /// <summary>All pages, one line per text line; French no-break spaces read as spaces.</summary>
    public string All => string.Join("\n", Pages);

    /// <summary>The whole text on one line (a sentence wrapped over two lines is found whole).</summary>
    public string Flat => string.Join(" ", All.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static string Normalise(string text) =>
        text.Replace('\u202F', ' ').Replace('\u00A0', ' ').Replace("\r\n", "\n");
}
