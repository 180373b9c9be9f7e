using Fluid;
using Monalisa.Content.Text;
using Monalisa.Domain.Certificates;
using Monalisa.Domain.Text;

namespace Monalisa.Content;

/// <summary>
/// Writes the attestation de fin de formation (site/theme/legal/attestation-fin-formation.liquid) and the certificat de
/// réalisation (site/theme/legal/certificat-realisation.liquid) as Markdown for the PDF writer. The templates hold every
/// word; this hands them the content, the hours already written the French way, and escapes what people typed.
/// </summary>
public static class CertificateWriter
{
    public const string AttestationTemplate = "attestation-fin-formation.liquid";
    public const string RealisationTemplate = "certificat-realisation.liquid";

    private static readonly Lazy<IFluidTemplate> Attestation = new(() => LegalTemplates.Parse(AttestationTemplate));
    private static readonly Lazy<IFluidTemplate> Realisation = new(() => LegalTemplates.Parse(RealisationTemplate));
    private static readonly TemplateOptions Options = FrenchFilters.Options();

    public static string Markdown(CertificateContent content)
    {
        var context = new TemplateContext(Options);
        context.SetValue("doc", content);
        context.SetValue("provider", content.Provider);
        context.SetValue("hours_attended", FrenchFormat.Duration(content.MinutesAttended));
        context.SetValue("hours_planned", FrenchFormat.Duration(content.PlannedMinutes));
        context.SetValue("result", content.Result is { } result ? TraineeAssessment.Code(result) : null);
        context.SetValue("employer", content.Employer ?? "");
        context.SetValue("has_employer", !string.IsNullOrWhiteSpace(content.Employer));
        context.SetValue("replaces", content.ReplacesIssuedOn);
        var template = content.Kind == CertificateKind.Realisation ? Realisation.Value : Attestation.Value;
        return template.Render(context, MarkdownEncoder.Instance);
    }

    /// <summary>The « # » line in plain text: the PDF's title.</summary>
    public static string Title(string markdown)
    {
        var heading = markdown.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("site/theme/legal/ certificate template: no « # » title.");
        return Markdig.Markdown.ToPlainText(heading[2..]).Trim();
    }
}
