using Monalisa.Domain.Text;

namespace Monalisa.Domain.SelfFunded;

/// <summary>
/// The training organisation's facts a contract needs, from site/settings.yml (read by Monalisa.Content's SiteSettings
/// for the site and the functions alike: one source, so the text and its hash agree).
/// </summary>
public sealed record ContractParties(string OrganisationName, string Address, string Siret, string TrainingDeclaration, string TrainersQualifications, string ContactEmail);

/// <summary>
/// The person a self-funded contract is made with: the one trainee, who pays, named with their postal address, and their
/// category, which decides the one price the contract states. Personal data: never logged.
/// </summary>
public sealed record ContractTrainee(string FirstName, string LastName, Enrolment.PostalAddress Address, Tariffs.TraineeCategory Category)
{
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>A titled part of the contract: paragraphs of plain text.</summary>
public sealed record ContractSection(string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>The « contrat de formation professionnelle » for one session, as shown to the trainee and hashed.</summary>
public sealed record TrainingContract(string Title, IReadOnlyList<ContractSection> Sections)
{
    /// <summary>Bumped when the wording (site/theme/legal/contrat-formation.liquid) changes; part of the text, so part of the hash.</summary>
    public const string GeneratorVersion = "2026-12-3";

    /// <summary>The exact text: title, then each heading and its paragraphs, separated by blank lines, "\n" line ends.</summary>
    public string Text => string.Join("\n\n", new[] { Title }.Concat(Sections.Select(s => s.Heading + "\n\n" + string.Join("\n\n", s.Paragraphs))));

    /// <summary>
    /// The name of the plain-text copy attached to the contract email: its bytes are <see cref="Text"/> in UTF-8, so
    /// hashing the file (sha256sum, Get-FileHash) gives <see cref="Sha256"/>, and the trainee can check what they accepted.
    /// </summary>
    public const string TextFileName = "contrat-de-formation.txt";

    /// <summary>The text with its hash, the shape every accepted document shares.</summary>
    public HashedText Hashed => new(Text);

    /// <summary><see cref="Text"/> in UTF-8 without BOM: the attached file whose SHA-256 is <see cref="Sha256"/>.</summary>
    public byte[] TextBytes => Hashed.Bytes;

    /// <summary>SHA-256 of <see cref="Text"/> in UTF-8, lowercase hex: the version the trainee accepts.</summary>
    public string Sha256 => Hashed.Sha256;
}
