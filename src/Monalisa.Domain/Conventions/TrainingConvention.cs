using Monalisa.Domain.Text;

namespace Monalisa.Domain.Conventions;

/// <summary>
/// The « convention de formation professionnelle » of one organisation's enrolment (D6353-1), as Markdown: « # » the
/// title, « ## » the articles, paragraphs, lists and pipe tables, which the HTML page and the PDF lay out. The
/// organisation accepts this exact text: its hash is the version it accepts.
/// </summary>
public sealed record TrainingConvention(string Title, string Text)
{
    /// <summary>Bumped when the wording (site/theme/legal/convention-formation.liquid) changes; part of the text, so part of the hash.</summary>
    public const string GeneratorVersion = "2026-12-1";

    /// <summary>The name of the PDF the link serves and of the Markdown copy (<see cref="Text"/>'s bytes hash to <see cref="Sha256"/>).</summary>
    public const string PdfFileName = "convention-de-formation.pdf";
    public const string TextFileName = "convention-de-formation.md";

    public HashedText Hashed => new(Text);

    /// <summary>SHA-256 of <see cref="Text"/> in UTF-8, lowercase hex: the version the organisation accepts.</summary>
    public string Sha256 => Hashed.Sha256;
}
