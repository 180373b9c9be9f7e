using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Monalisa.Functions.Documents;

/// <summary>
/// The PDFs' one typeface, DejaVu Sans (Bitstream Vera licence, Fonts/LICENSE-DejaVu.txt), served from this assembly's
/// resources to PDFsharp's Core build, which has no system fonts: the same glyphs and metrics on Azure, on a developer's
/// machine and in CI, so the same document always gives the same bytes. It covers French (« », œ, €, the narrow
/// no-break space that <see cref="Monalisa.Domain.Text.FrenchFormat"/> writes in amounts).
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<bool> Installed = new(() =>
    {
        // PDFsharp keeps one resolver for the process and refuses a change once a font was used: installed once, here.
        GlobalFontSettings.FontResolver = new EmbeddedFonts();
        return true;
    });

    /// <summary>Makes the resolver PDFsharp's (once per process; later calls do nothing).</summary>
    public static void Install() => _ = Installed.Value;

    /// <summary>
    /// The font of a style. Unicode (Type 0, with a ToUnicode map): every character, and text that a reader, a screen
    /// reader or a test extracts exactly as it was written.
    /// </summary>
    public static XFont Font(double size, bool bold = false, bool italic = false)
    {
        Install();
        var style = (bold ? XFontStyleEx.Bold : XFontStyleEx.Regular) | (italic ? XFontStyleEx.Italic : XFontStyleEx.Regular);
        return new XFont(Family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Any family asked for (PDFsharp's own default included) gets DejaVu Sans: there is no other font to fall back on.
        new((bold, italic) switch
        {
            (true, true) => "DejaVuSans-BoldOblique",
            (true, false) => "DejaVuSans-Bold",
            (false, true) => "DejaVuSans-Oblique",
            _ => "DejaVuSans",
        });

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"fonts/{faceName}.ttf");
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
