using System.Net;
using System.Text;

namespace Monalisa.Functions.Email;

/// <summary>
/// Writes an email's HTML and plain-text parts side by side, from plain text only: every value goes through
/// <see cref="WebUtility.HtmlEncode"/> here, so no template can forget to escape what a user typed.
/// The HTML is one narrow column with inline styles (mail clients drop style sheets), readable on a phone.
/// </summary>
internal sealed class MailBody
{
    private const string Ink = "#1a1a1a";
    private const string Accent = "#0b4f8a";
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    public MailBody Heading(string text)
    {
        _html.Append($"<h1 style=\"font-size:1.35rem;line-height:1.3;margin:0 0 1rem;color:{Accent}\">{E(text)}</h1>");
        _text.Append(text).Append('\n').Append(new string('=', Math.Min(text.Length, 60))).Append("\n\n");
        return this;
    }

    public MailBody Subheading(string text)
    {
        _html.Append($"<h2 style=\"font-size:1.1rem;margin:1.5rem 0 .5rem;color:{Accent}\">{E(text)}</h2>");
        _text.Append('\n').Append(text.ToUpperInvariant()).Append("\n\n");
        return this;
    }

    public MailBody Paragraph(string text)
    {
        _html.Append($"<p style=\"margin:0 0 1rem\">{E(text)}</p>");
        _text.Append(text).Append("\n\n");
        return this;
    }

    /// <summary>Label–value pairs (a definition list); empty values are left out.</summary>
    public MailBody Facts(params (string Label, string? Value)[] facts)
    {
        var shown = facts.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToList();
        if (shown.Count == 0) return this;
        _html.Append("<table role=\"presentation\" style=\"width:100%;border-collapse:collapse;margin:0 0 1rem\">");
        foreach (var (label, value) in shown)
        {
            _html.Append($"<tr><th scope=\"row\" style=\"text-align:left;vertical-align:top;padding:.3rem .6rem .3rem 0;font-weight:600;width:40%\">{E(label)}</th>")
                .Append($"<td style=\"padding:.3rem 0;vertical-align:top\">{E(value)}</td></tr>");
            _text.Append(label).Append(" : ").Append(value).Append('\n');
        }
        _html.Append("</table>");
        _text.Append('\n');
        return this;
    }

    public MailBody List(IEnumerable<string> items)
    {
        var all = items.ToList();
        if (all.Count == 0) return this;
        _html.Append("<ul style=\"margin:0 0 1rem;padding-left:1.2rem\">");
        foreach (var item in all)
        {
            _html.Append($"<li style=\"margin:0 0 .3rem\">{E(item)}</li>");
            _text.Append("- ").Append(item).Append('\n');
        }
        _html.Append("</ul>");
        _text.Append('\n');
        return this;
    }

    /// <summary>A table with a header row and an optional total row (quote lines).</summary>
    public MailBody Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, (string Label, string Value)? total = null)
    {
        _html.Append("<table style=\"width:100%;border-collapse:collapse;margin:0 0 1rem\"><thead><tr>");
        foreach (var header in headers)
            _html.Append($"<th scope=\"col\" style=\"text-align:left;border-bottom:2px solid {Accent};padding:.3rem .4rem .3rem 0\">{E(header)}</th>");
        _html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row)
                _html.Append($"<td style=\"border-bottom:1px solid #ccc;padding:.3rem .4rem .3rem 0\">{E(cell)}</td>");
            _html.Append("</tr>");
            _text.Append("- ").Append(string.Join(" | ", row)).Append('\n');
        }
        _html.Append("</tbody>");
        if (total is { } t)
        {
            _html.Append($"<tfoot><tr><th scope=\"row\" colspan=\"{headers.Count - 1}\" style=\"text-align:left;padding:.4rem 0\">{E(t.Label)}</th>")
                .Append($"<td style=\"padding:.4rem 0\"><strong>{E(t.Value)}</strong></td></tr></tfoot>");
            _text.Append(t.Label).Append(" : ").Append(t.Value).Append('\n');
        }
        _html.Append("</table>");
        _text.Append('\n');
        return this;
    }

    /// <summary>A call to action. Only our own URLs go here; the URL is escaped all the same.</summary>
    public MailBody Button(string label, string url)
    {
        _html.Append($"<p style=\"margin:1.25rem 0\"><a href=\"{E(url)}\" style=\"display:inline-block;background:{Accent};color:#fff;text-decoration:none;padding:.7rem 1.2rem;border-radius:.4rem;font-weight:600\">{E(label)}</a></p>");
        _text.Append(label).Append(" : ").Append(url).Append("\n\n");
        return this;
    }

    public MailBody Note(string text)
    {
        _html.Append($"<p style=\"margin:0 0 1rem;padding:.6rem .8rem;background:#fff3cd;border-left:4px solid #8a6d00\">{E(text)}</p>");
        _text.Append("/!\\ ").Append(text).Append("\n\n");
        return this;
    }

    public (string Html, string Text) Build(string title, string footer)
    {
        var html = $"""
            <!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title></head>
            <body style="margin:0;padding:0;background:#f4f4f4">
            <div style="max-width:36rem;margin:0 auto;padding:1.25rem 1rem;background:#fff;font:16px/1.5 Arial,Helvetica,sans-serif;color:{Ink}">
            {_html}
            <p style="margin:2rem 0 0;font-size:.85rem;color:#555">{E(footer)}</p>
            </div></body></html>
            """;
        return (html, _text.ToString().TrimEnd() + "\n\n-- \n" + footer + "\n");
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
