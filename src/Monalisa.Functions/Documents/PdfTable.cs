using Markdig.Extensions.Tables;
using PdfSharp.Drawing;

namespace Monalisa.Functions.Documents;

/// <summary>
/// A Markdown pipe table on the page: columns as wide as their content asks (the longest word at least, the whole text
/// on one line at most, the rest shared out), cells wrapped and aligned as the table's « --: » says, and a row never
/// cut between two pages: the row that does not fit starts the next page, under a repeated header row.
/// </summary>
internal sealed class PdfTable(PdfPages pages, TextLayout text)
{
    private const double PadX = 4;
    private const double PadY = 3;
    private static readonly XSolidBrush HeaderFill = new(XColor.FromArgb(0xEC, 0xEF, 0xF4));
    private static readonly XPen RowRule = new(XColor.FromArgb(0xC8, 0xCC, 0xD2), 0.5);
    private static readonly XPen HeaderRule = new(XColor.FromArgb(0x55, 0x5B, 0x66), 0.8);

    private sealed record Row(bool IsHeader, IReadOnlyList<IReadOnlyList<TextRun>> Cells);

    public void Draw(Table table, Func<TableCell, bool, IReadOnlyList<TextRun>> runs, XBrush brush)
    {
        var rows = table.OfType<TableRow>()
            .Select(r => new Row(r.IsHeader, [.. r.OfType<TableCell>().Select(c => runs(c, r.IsHeader))]))
            // A header of empty cells (a table of totals) is not drawn.
            .Where(r => !(r.IsHeader && r.Cells.All(c => c.All(run => string.IsNullOrWhiteSpace(run.Text)))))
            .ToList();
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Cells.Count);
        if (columns == 0) return;
        var widths = Widths(rows, columns);
        var align = Enumerable.Range(0, columns)
            .Select(i => i < table.ColumnDefinitions.Count ? table.ColumnDefinitions[i].Alignment : null)
            .ToArray();
        var header = rows.FirstOrDefault(r => r.IsHeader);
        foreach (var row in rows)
        {
            var height = Height(row, widths);
            var pageBefore = pages.Graphics;
            var graphics = pages.Room(height);
            if (!ReferenceEquals(graphics, pageBefore) && header is not null && !row.IsHeader)
            {
                DrawRow(header, widths, align, brush);
                graphics = pages.Room(height);
            }
            DrawRow(row, widths, align, brush);
        }
    }

    private void DrawRow(Row row, double[] widths, TableColumnAlign?[] align, XBrush brush)
    {
        var height = Height(row, widths);
        var graphics = pages.Room(height);
        var top = pages.Top;
        if (row.IsHeader) graphics.DrawRectangle(HeaderFill, pages.Left, top, widths.Sum(), height);
        var x = pages.Left;
        for (var c = 0; c < widths.Length; c++)
        {
            var lines = c < row.Cells.Count ? text.Wrap(row.Cells[c], widths[c] - 2 * PadX) : [];
            var baseline = top + PadY + text.Ascent;
            foreach (var line in lines)
            {
                var offset = align[c] switch
                {
                    TableColumnAlign.Right => widths[c] - 2 * PadX - line.Width,
                    TableColumnAlign.Center => (widths[c] - 2 * PadX - line.Width) / 2,
                    _ => 0,
                };
                foreach (var piece in line.Pieces)
                    graphics.DrawString(piece.Text, piece.Font, brush, x + PadX + offset + piece.X, baseline, XStringFormats.BaseLineLeft);
                baseline += text.LineHeight;
            }
            x += widths[c];
        }
        graphics.DrawLine(row.IsHeader ? HeaderRule : RowRule, pages.Left, top + height, pages.Left + widths.Sum(), top + height);
        pages.Advance(height);
    }

    private double Height(Row row, double[] widths) =>
        2 * PadY + text.LineHeight * Enumerable.Range(0, widths.Length)
            .Max(c => c < row.Cells.Count ? text.Wrap(row.Cells[c], widths[c] - 2 * PadX).Count : 1);

    /// <summary>Each column's least (longest word) and most (one line) width, then the page's width shared out.</summary>
    private double[] Widths(List<Row> rows, int columns)
    {
        var least = new double[columns];
        var most = new double[columns];
        foreach (var row in rows)
            for (var c = 0; c < row.Cells.Count; c++)
            {
                var (l, m) = text.Extent(row.Cells[c]);
                least[c] = Math.Max(least[c], l + 2 * PadX + 0.5);
                most[c] = Math.Max(most[c], m + 2 * PadX + 0.5);
            }
        var available = pages.Width;
        if (most.Sum() <= available)
        {
            // Everything fits on one line: the spare width goes to the columns in proportion to their text.
            var total = most.Sum();
            return [.. most.Select(m => total == 0 ? available / columns : m + (available - total) * m / total)];
        }
        if (least.Sum() >= available)
            return [.. least.Select(l => l * available / least.Sum())];
        // Narrow columns (a quantity, an amount) keep their one line when the others can still have their longest word:
        // the long text (a description) wraps instead of the figures.
        var narrow = Enumerable.Range(0, columns).Where(c => most[c] <= available / columns).ToHashSet();
        var rest = available - narrow.Sum(c => most[c]) - Enumerable.Range(0, columns).Where(c => !narrow.Contains(c)).Sum(c => least[c]);
        if (narrow.Count > 0 && narrow.Count < columns && rest >= 0)
        {
            var wide = Enumerable.Range(0, columns).Where(c => !narrow.Contains(c)).Sum(c => most[c] - least[c]);
            return [.. Enumerable.Range(0, columns).Select(c => narrow.Contains(c) ? most[c] : least[c] + (wide == 0 ? 0 : rest * (most[c] - least[c]) / wide))];
        }
        var room = available - least.Sum();
        var wanted = most.Zip(least, (m, l) => m - l).Sum();
        return [.. least.Select((l, c) => l + room * (most[c] - l) / wanted)];
    }
}
