using Fluid;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Content.Text;

/// <summary>
/// What the documents a person accepts (the contract, the convention) share: their Liquid templates, compiled into this
/// library from site/theme/legal/ (the lawyer edits them there), and the few facts both print the same way.
/// </summary>
internal static class LegalTemplates
{
    private static readonly ResourceFiles Legal = new(typeof(LegalTemplates).Assembly, "legal");

    /// <summary>site/theme/legal/<paramref name="name"/>, parsed; a template that does not parse names its file.</summary>
    public static IFluidTemplate Parse(string name) =>
        new FluidParser().TryParse(Legal.Read(name), out var template, out var error)
            ? template
            : throw new ContentException([new ContentError("site/theme/legal/" + name, "Liquid", error)]);

    /// <summary>The templates write « SIRET » themselves: a setting that repeats the word would print it twice.</summary>
    public static string WithoutLabel(string siret)
    {
        var text = siret.Trim();
        return text.StartsWith("SIRET", StringComparison.OrdinalIgnoreCase) ? text[5..].TrimStart(' ', ':', '\u00a0') : text;
    }

    /// <summary>Where the session takes place; the city is named once, since most addresses already end with it.</summary>
    public static string Place(CourseSession session) =>
        session.Address.Contains(session.City, StringComparison.OrdinalIgnoreCase)
            ? $"{session.Venue}, {session.Address}"
            : $"{session.Venue}, {session.Address}, {session.City}";
}
