using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Monalisa.Functions.Documents;

/// <summary>
/// The pages of one document and where the next block goes: A4, fixed margins, a new page when a line or a table row
/// would cross the bottom margin (never half a line), and « page n / N » at the foot of every page once all are known.
/// </summary>
internal sealed class PdfPages(PdfDocument document) : IDisposable
{
    public const double Margin = 56.7; // 2 cm
    public const double FooterSize = 8;

    private XGraphics? _graphics;

    public XGraphics Graphics => _graphics ?? NewPage();

    public double Top { get; private set; }

    public double Left => Margin;

    public double Width => A4Width - 2 * Margin;

    /// <summary>Where the writing stops: above the footer.</summary>
    public double Bottom => A4Height - Margin;

    public static double A4Width => XUnit.FromMillimeter(210).Point;

    public static double A4Height => XUnit.FromMillimeter(297).Point;

    /// <summary>True when nothing was written on the current page yet.</summary>
    public bool AtPageTop => _graphics is null || Top <= Margin;

    /// <summary>Makes room for <paramref name="height"/> points, on a new page when the current one is too full.</summary>
    public XGraphics Room(double height)
    {
        if (_graphics is null || (Top + height > Bottom && !AtPageTop)) NewPage();
        return _graphics!;
    }

    public void Advance(double height) => Top += height;

    public XGraphics NewPage()
    {
        _graphics?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(page);
        Top = Margin;
        return _graphics;
    }

    /// <summary>The footer of every page: the document's title on the left, « page n / N » on the right.</summary>
    public void Footers(string title, string pageFormat)
    {
        _graphics?.Dispose();
        _graphics = null;
        var font = EmbeddedFonts.Font(FooterSize);
        var brush = new XSolidBrush(XColor.FromArgb(0x55, 0x55, 0x55));
        var baseline = A4Height - Margin / 2;
        for (var i = 0; i < document.PageCount; i++)
        {
            using var graphics = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var label = string.Format(System.Globalization.CultureInfo.InvariantCulture, pageFormat, i + 1, document.PageCount);
            graphics.DrawString(label, font, brush, A4Width - Margin, baseline, XStringFormats.BaseLineRight);
            var room = A4Width - 2 * Margin - graphics.MeasureString(label, font).Width - 2 * FooterSize;
            graphics.DrawString(Fit(graphics, title, font, room), font, brush, Margin, baseline, XStringFormats.BaseLineLeft);
        }
    }

    /// <summary>A long title (a contract's) shortened with « … » rather than running into the page number.</summary>
    private static string Fit(XGraphics graphics, string text, XFont font, double width)
    {
        if (graphics.MeasureString(text, font).Width <= width) return text;
        var length = text.Length;
        while (length > 0 && graphics.MeasureString(text[..length].TrimEnd() + "…", font).Width > width) length--;
        return text[..length].TrimEnd() + "…";
    }

    public void Dispose() => _graphics?.Dispose();
}
