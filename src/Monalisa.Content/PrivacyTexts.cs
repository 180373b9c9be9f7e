using Fluid;
using Monalisa.Content.Text;

namespace Monalisa.Content;

/// <summary>The sentences that tell a person what is kept of them after an erasure, from site/theme/legal/rgpd-conservation.liquid.</summary>
public static class PrivacyTexts
{
    private static readonly ResourceFiles Legal = new(typeof(PrivacyTexts).Assembly, "legal");
    private static readonly Lazy<IFluidTemplate> Template = new(() => Parse("rgpd-conservation.liquid"));
    private static readonly Lazy<IFluidTemplate> Duration = new(() => Parse("rgpd-duree.liquid"));

    /// <summary>How long personal data is kept, in the export's words.</summary>
    public static string Retention(int months) =>
        Duration.Value.Render(new TemplateContext(new { months }, FrenchFilters.Options())).Trim();

    private static IFluidTemplate Parse(string name) =>
        new FluidParser().TryParse(Legal.Read(name), out var template, out var error)
            ? template : throw new InvalidOperationException(name + ": " + error);

    /// <param name="kept">The reasons (Domain.Privacy.KeptFor codes).</param>
    public static IReadOnlyList<string> Kept(IEnumerable<string> kept)
    {
        var context = new TemplateContext(new { kept = kept.Distinct().ToList() }, FrenchFilters.Options());
        return [.. Template.Value.Render(context).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
