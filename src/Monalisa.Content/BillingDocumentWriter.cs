using Fluid;
using Markdig;
using Monalisa.Content.Text;
using Monalisa.Domain.Invoicing;

namespace Monalisa.Content;

/// <summary>
/// Writes an invoice or a credit note as Markdown from site/theme/legal/facture.liquid (compiled into this library) and the
/// issued model, for the PDF writer to lay out. The template holds every word; this only hands it the model, the
/// addresses as lines and the seller's déclaration d'activité, and escapes what payers typed so that a name with « | »
/// or « ** » prints as typed instead of breaking a table or turning bold.
/// </summary>
public static class BillingDocumentWriter
{
    public const string TemplateResource = "legal/facture.liquid";

    private static readonly Lazy<IFluidTemplate> Template = new(() => Parse(new ResourceFiles(typeof(BillingDocumentWriter).Assembly, "legal").Read("facture.liquid")));
    private static readonly TemplateOptions Options = FrenchFilters.Options();

    /// <summary>A party as the template prints it: the address typed on several lines becomes a list of lines.</summary>
    public sealed record PrintedParty(string Name, IReadOnlyList<string> AddressLines, string? Siren, string? Siret, string? VatNumber);

    /// <summary>A line as printed: the quantity written the French way, without the trailing zeros a computed decimal may carry (« 3 », « 1,5 »).</summary>
    public sealed record PrintedLine(string Description, string Quantity, string UnitCode, long UnitPriceCents, long NetCents);

    public static string Markdown(BillingDocument document, SiteSettings settings)
    {
        var declaration = settings.Legal.TrainingDeclaration.Trim();
        var context = new TemplateContext(Options);
        context.SetValue("document", document);
        context.SetValue("credit_note", document.Kind == DocumentKind.CreditNote);
        context.SetValue("seller", Printed(document.Seller));
        context.SetValue("buyer", Printed(document.Buyer));
        context.SetValue("lines", document.Lines.Select(l => new PrintedLine(l.Description, l.Quantity.ToString("0.###", Domain.Text.FrenchFormat.Culture), l.UnitCode, l.UnitPriceCents, l.NetCents)).ToList());
        context.SetValue("training_declaration", declaration);
        // The déclaration is printed with the seller: a note that repeats it is not printed twice.
        context.SetValue("notes", document.Notes.Where(n => !string.IsNullOrWhiteSpace(n) && !n.Trim().Equals(declaration, StringComparison.Ordinal)).ToList());
        context.SetValue("exempt", document.Vat.IsExempt);
        context.SetValue("vat_rate", document.Vat.RatePercent);
        return Template.Value.Render(context, MarkdownEncoder.Instance);
    }

    /// <summary>The document's title, as the template's « # » line says it in plain text (the PDF's title and footer).</summary>
    public static string Title(string markdown)
    {
        var heading = markdown.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{TemplateResource}: no « # » title.");
        return Markdig.Markdown.ToPlainText(heading[2..]).Trim();
    }

    private static PrintedParty Printed(BillingParty party) => new(
        party.Name.Trim(),
        [.. party.Address.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        Blank(party.Siren),
        Blank(party.Siret),
        Blank(party.VatNumber));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IFluidTemplate Parse(string text) =>
        new FluidParser().TryParse(text, out var template, out var error)
            ? template
            : throw new ContentException([new ContentError("site/theme/" + TemplateResource, "Liquid", error)]);
}
