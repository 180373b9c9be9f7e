using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monalisa.Domain.Notices;

/// <summary>
/// A name typed by whoever sent a form, made fit to quote in an email that goes to that same person before anything
/// is confirmed: one line, no link a mail client would make clickable, no hidden character, at most
/// <see cref="MaxLength"/> characters. Anything else they typed is never quoted to them: a stranger could otherwise make
/// the association's sender carry their text (issue 14, « Mail: never a relay for strangers »).
/// </summary>
public static partial class SafeName
{
    public const int MaxLength = 60;

    public static string Of(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return "";
        // NFKC first, so that full-width or styled letters (ｈｔｔｐ, 𝐰𝐰𝐰) are seen for what they are.
        var text = typed.Normalize(NormalizationForm.FormKC);
        var visible = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || char.IsWhiteSpace(c) || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) visible.Append(' ');
            // Zero-width, bidi controls, soft hyphen: invisible, so never shown.
            else if (category != UnicodeCategory.Format) visible.Append(c);
        }
        var words = visible.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !LooksLikeALink(w));
        var name = string.Join(' ', words);
        if (name.Length <= MaxLength) return name;
        var cut = name[..(MaxLength - 1)];
        if (char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return cut.TrimEnd() + "…";
    }

    /// <summary>A web or mail address, or a bare host name (« exemple.fr »): mail clients turn all three into links.</summary>
    private static bool LooksLikeALink(string word) =>
        word.Contains("://", StringComparison.Ordinal) || word.Contains('@') || word.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
        || HostName().IsMatch(word);

    [GeneratedRegex(@"[\p{L}\p{N}_-]\.\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
