using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Monalisa.Functions.Documents;

/// <summary>
/// Markdown (what the templates of site/theme/legal/ write: « # » title, « ## » headings, paragraphs with **bold** and
/// *italic*, lists, pipe tables, « --- » rules) laid out on A4 pages as real text in the embedded font. Lines wrap by
/// measured width; a paragraph may continue on the next page between two lines, a heading keeps its first lines with
/// it, a table row is never cut. The same Markdown and properties always give the same bytes (<see cref="ReproduciblePdf"/>).
/// </summary>
internal sealed class PdfWriter : IPdfWriter
{
    /// <summary>The footer's page number; the only words this class writes itself (a page, not a document, needs them).</summary>
    public const string PageFormat = "page {0} / {1}";

    private const double BodySize = 9.5;
    private const double TableSize = 8.5;
    private const double ListIndent = 14;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();
    private static readonly XSolidBrush Ink = new(XColor.FromArgb(0x1A, 0x1A, 0x1A));
    private static readonly XSolidBrush HeadingInk = new(XColor.FromArgb(0x1B, 0x3A, 0x66));
    private static readonly XPen Rule = new(XColor.FromArgb(0x99, 0x99, 0x99), 0.6);

    public byte[] Write(string markdown, PdfProperties properties)
    {
        EmbeddedFonts.Install();
        // The documents are French: a screen reader picks its French voice.
        using var document = new PdfDocument { Language = "fr-FR" };
        using (var measure = XGraphics.CreateMeasureContext(new XSize(PdfPages.A4Width, PdfPages.A4Height), XGraphicsUnit.Point, XPageDirection.Downwards))
        using (var pages = new PdfPages(document))
        {
            var layout = new Layout(pages, measure);
            foreach (var block in Markdown.Parse(markdown.Replace("\r\n", "\n"), Pipeline)) layout.Block(block, 0);
            if (document.PageCount == 0) pages.NewPage();
            pages.Footers(properties.Title, PageFormat);
        }
        return ReproduciblePdf.Save(document, properties, markdown);
    }

    /// <summary>One document's walk over the Markdown blocks.</summary>
    private sealed class Layout(PdfPages pages, XGraphics measure)
    {
        private readonly TextLayout _body = new(measure, BodySize);
        private readonly TextLayout _table = new(measure, TableSize);
        private readonly Dictionary<int, TextLayout> _headings = [];

        public void Block(Block block, double indent, string? marker = null)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    Heading(heading);
                    break;
                case ParagraphBlock paragraph:
                    Paragraph(Runs(paragraph.Inline), _body, indent, BodySize * 0.6, Ink, marker);
                    break;
                case ListBlock list:
                    var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var itemMarker = list.IsOrdered ? $"{number++}." : "•";
                        foreach (var child in item) { Block(child, indent + ListIndent, itemMarker); itemMarker = null; }
                    }
                    pages.Advance(BodySize * 0.3);
                    break;
                case Table table:
                    new PdfTable(pages, _table).Draw(table, (cell, header) => Runs(cell.OfType<ParagraphBlock>().FirstOrDefault()?.Inline, header), Ink);
                    pages.Advance(BodySize * 0.8);
                    break;
                case ThematicBreakBlock:
                    var graphics = pages.Room(BodySize * 1.6);
                    graphics.DrawLine(Rule, pages.Left, pages.Top + BodySize * 0.6, pages.Left + pages.Width, pages.Top + BodySize * 0.6);
                    pages.Advance(BodySize * 1.6);
                    break;
                case QuoteBlock quote:
                    foreach (var child in quote) Block(child, indent + ListIndent);
                    break;
                case LeafBlock leaf when leaf.Lines.Count > 0:
                    // Code or raw HTML: a template should not write it; printed as it is rather than lost.
                    Paragraph([new TextRun(string.Join(TextRun.LineBreak, leaf.Lines.Lines.Take(leaf.Lines.Count).Select(l => l.ToString())))], _body, indent, BodySize * 0.6, Ink, marker);
                    break;
                case ContainerBlock container:
                    foreach (var child in container) Block(child, indent);
                    break;
            }
        }

        private void Heading(HeadingBlock heading)
        {
            if (!_headings.TryGetValue(heading.Level, out var text))
                _headings[heading.Level] = text = new TextLayout(measure, heading.Level switch { 1 => 16, 2 => 12, _ => 10.5 });
            var runs = Runs(heading.Inline, bold: true);
            var lines = text.Wrap(runs, pages.Width);
            var before = pages.AtPageTop ? 0 : text.Size * (heading.Level == 1 ? 0.4 : 0.9);
            // Kept with what follows: the heading and two lines of body text, or a new page.
            pages.Room(before + lines.Count * text.LineHeight + 2 * _body.LineHeight);
            if (!pages.AtPageTop) pages.Advance(before);
            Paragraph(runs, text, 0, text.Size * 0.35, HeadingInk, null);
        }

        private void Paragraph(IReadOnlyList<TextRun> runs, TextLayout text, double indent, double after, XBrush brush, string? marker)
        {
            foreach (var line in text.Wrap(runs, pages.Width - indent))
            {
                var graphics = pages.Room(text.LineHeight);
                var baseline = pages.Top + text.Ascent;
                if (marker is not null)
                {
                    graphics.DrawString(marker, text.Font(false, false), brush, pages.Left + indent - ListIndent * 0.8, baseline, XStringFormats.BaseLineLeft);
                    marker = null;
                }
                foreach (var piece in line.Pieces)
                    graphics.DrawString(piece.Text, piece.Font, brush, pages.Left + indent + piece.X, baseline, XStringFormats.BaseLineLeft);
                pages.Advance(text.LineHeight);
            }
            pages.Advance(after);
        }

        private static List<TextRun> Runs(ContainerInline? inline, bool bold = false)
        {
            var runs = new List<TextRun>();
            Collect(inline, bold, false, runs);
            return runs;
        }

        private static void Collect(Inline? inline, bool bold, bool italic, List<TextRun> runs)
        {
            switch (inline)
            {
                case null:
                    return;
                case LiteralInline literal:
                    runs.Add(new TextRun(literal.Content.ToString(), bold, italic));
                    return;
                case EmphasisInline emphasis:
                    foreach (var child in emphasis) Collect(child, bold || emphasis.DelimiterCount >= 2, italic || emphasis.DelimiterCount % 2 == 1, runs);
                    return;
                case LineBreakInline lineBreak:
                    runs.Add(lineBreak.IsHard ? new TextRun(TextRun.LineBreak) : new TextRun(" ", bold, italic));
                    return;
                case CodeInline code:
                    runs.Add(new TextRun(code.Content, bold, italic));
                    return;
                case AutolinkInline link:
                    runs.Add(new TextRun(link.Url, bold, italic));
                    return;
                case HtmlEntityInline entity:
                    runs.Add(new TextRun(entity.Transcoded.ToString(), bold, italic));
                    return;
                case HtmlInline html:
                    runs.Add(new TextRun(html.Tag, bold, italic));
                    return;
                case ContainerInline container:
                    foreach (var child in container) Collect(child, bold, italic, runs);
                    return;
            }
        }
    }
}
