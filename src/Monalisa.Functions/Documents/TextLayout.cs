using PdfSharp.Drawing;

namespace Monalisa.Functions.Documents;

/// <summary>A piece of inline text in one style; « \n » alone is a hard line break.</summary>
internal readonly record struct TextRun(string Text, bool Bold = false, bool Italic = false)
{
    public const string LineBreak = "\n";
}

/// <summary>One laid-out line: pieces of text in their font, at their offset from the line's left edge.</summary>
internal sealed record TextLine(IReadOnlyList<TextPiece> Pieces, double Width);

internal sealed record TextPiece(string Text, XFont Font, double X);

/// <summary>
/// Word wrap by measured width, in the embedded font. Breaks only at ordinary spaces: the no-break spaces French
/// formatting puts inside « 1 234,00 € » or before « : » keep their words together. A word wider than the line (an IBAN
/// typed without spaces, an address) is cut by characters rather than overflowing the margin.
/// </summary>
internal sealed class TextLayout(XGraphics measure, double size)
{
    private readonly Dictionary<(bool, bool), XFont> _fonts = [];

    public double Size => size;

    /// <summary>The distance between two baselines.</summary>
    public double LineHeight => size * 1.35;

    /// <summary>From a line's top to its baseline.</summary>
    public double Ascent => size * 1.02;

    public XFont Font(bool bold, bool italic)
    {
        if (!_fonts.TryGetValue((bold, italic), out var font)) _fonts[(bold, italic)] = font = EmbeddedFonts.Font(size, bold, italic);
        return font;
    }

    public double Width(string text, XFont font) => text.Length == 0 ? 0 : measure.MeasureString(text, font).Width;

    /// <summary>The width of the longest word and of the whole text on one line: what a table column needs at least and at most.</summary>
    public (double Least, double Most) Extent(IReadOnlyList<TextRun> runs)
    {
        var words = Words(runs);
        var least = words.Count == 0 ? 0 : words.Max(w => w.Width);
        var most = 0d;
        var line = 0d;
        foreach (var word in words)
        {
            if (word.BreakBefore) { most = Math.Max(most, line); line = 0; }
            line += (line > 0 && word.SpaceBefore ? word.SpaceWidth : 0) + word.Width;
        }
        return (least, Math.Max(most, line));
    }

    public IReadOnlyList<TextLine> Wrap(IReadOnlyList<TextRun> runs, double width)
    {
        var lines = new List<TextLine>();
        var pieces = new List<TextPiece>();
        var x = 0d;
        void Commit()
        {
            lines.Add(new TextLine([.. pieces], x));
            pieces.Clear();
            x = 0;
        }
        void Add(string text, XFont font)
        {
            // Same font as the piece before: one string, so the space between the words is real text.
            if (pieces.Count > 0 && pieces[^1].Font == font) pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
            else pieces.Add(new TextPiece(text, font, x));
            x += Width(text, font);
        }
        foreach (var word in Words(runs))
        {
            if (word.BreakBefore) Commit();
            var space = pieces.Count > 0 && word.SpaceBefore;
            if (word.Width <= width)
            {
                if (pieces.Count > 0 && x + (space ? word.SpaceWidth : 0) + word.Width > width) { Commit(); space = false; }
                foreach (var (text, font) in word.Segments) { Add(space ? " " + text : text, font); space = false; }
            }
            else
            {
                if (pieces.Count > 0) Commit();
                foreach (var (text, font) in Cut(word, width))
                {
                    if (pieces.Count > 0 && x + Width(text, font) > width) Commit();
                    Add(text, font);
                }
            }
        }
        if (pieces.Count > 0 || lines.Count == 0) Commit();
        return lines;
    }

    private sealed record Word(IReadOnlyList<(string Text, XFont Font)> Segments, bool SpaceBefore, bool BreakBefore, double Width, double SpaceWidth);

    /// <summary>Words: what lies between two ordinary spaces, possibly in several styles (« **Total** : »).</summary>
    private List<Word> Words(IReadOnlyList<TextRun> runs)
    {
        var words = new List<Word>();
        var segments = new List<(string Text, XFont Font)>();
        bool spaceBefore = false, breakBefore = false;
        var spaceWidth = 0d;
        void Close()
        {
            if (segments.Count > 0)
                words.Add(new Word([.. segments], spaceBefore && words.Count > 0, breakBefore, segments.Sum(s => Width(s.Text, s.Font)), spaceWidth));
            else if (breakBefore)
                words.Add(new Word([], false, true, 0, 0));
            segments.Clear();
            spaceBefore = breakBefore = false;
        }
        foreach (var run in runs)
        {
            var font = Font(run.Bold, run.Italic);
            if (run.Text == TextRun.LineBreak)
            {
                Close();
                breakBefore = true;
                continue;
            }
            var parts = run.Text.Split(' ');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    if (segments.Count > 0) Close();
                    if (!breakBefore) { spaceBefore = true; spaceWidth = Width(" ", font); }
                }
                if (parts[i].Length > 0) segments.Add((parts[i], font));
            }
        }
        Close();
        return words;
    }

    /// <summary>A word too wide for the line, cut into pieces that fit.</summary>
    private IEnumerable<(string, XFont)> Cut(Word word, double width)
    {
        foreach (var (text, font) in word.Segments)
        {
            var start = 0;
            while (start < text.Length)
            {
                var end = start + 1;
                while (end < text.Length && Width(text[start..(end + 1)], font) <= width) end++;
                yield return (text[start..end], font);
                start = end;
            }
        }
    }
}
