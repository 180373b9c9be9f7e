using System.Text;

namespace Monalisa.Domain.Validation;

/// <summary>
/// One spelling per address, so that look-alikes are one person: NFKC (full-width and styled letters become plain
/// ones), trimmed, the domain in lower case (the local part is the mailbox owner's, kept as typed). Characters that
/// show nothing, or change the order in which the rest is shown, are refused rather than removed: an address that
/// carries them was made to look like another.
/// </summary>
public static class EmailNormalisation
{
    public const string HiddenCharacters =
        "Cette adresse contient un caractère invisible (espace sans largeur, marque de direction ou trait d'union conditionnel). Saisissez-la à nouveau au clavier.";

    /// <summary>The address to keep and compare, or null with <paramref name="error"/> set (French, for the field).</summary>
    public static string? Normalise(string typed, out string? error)
    {
        error = null;
        if (typed.Any(IsHidden)) { error = HiddenCharacters; return null; }
        var text = typed.Normalize(NormalizationForm.FormKC).Trim();
        // NFKC can itself produce one (rare compatibility forms): check again on what is kept.
        if (text.Any(IsHidden)) { error = HiddenCharacters; return null; }
        var at = text.LastIndexOf('@');
        return at < 0 ? text : text[..at] + text[at..].ToLowerInvariant();
    }

    /// <summary>Zero-width characters, bidi controls, the soft hyphen: every character of Unicode's « format » category.</summary>
    public static bool IsHidden(char c) =>
        char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
        || c is '\u034F' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0';
}
