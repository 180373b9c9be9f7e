namespace Monalisa.Domain.Catalogue;

/// <summary>
/// The general objective of a course, as line F-3 of the BPF (Cerfa 10443) lists them: a) an RNCP diploma or title,
/// b) a certification or habilitation of the répertoire spécifique, c) a CQP registered in neither, d) other
/// professional training, e) a bilan de compétences, f) support towards a VAE.
/// </summary>
public enum BpfObjective { A, B, C, D, E, F }

/// <summary>
/// What the BPF reads about a course (F-3 and F-4): its objective and its speciality in the Nomenclature des
/// spécialités de formation (NSF), e.g. « 332 » « Travail social ». The code is the NSF's three digits, optionally
/// followed by the letter of its field (« 332t »); the BPF groups by the three digits.
/// </summary>
public sealed record CourseBpf(BpfObjective Objective, string Speciality, string SpecialityLabel)
{
    /// <summary>The three digits F-4 asks for.</summary>
    public string SpecialityGroup => Speciality[..3];
}
