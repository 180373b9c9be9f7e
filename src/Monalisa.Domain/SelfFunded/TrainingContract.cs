using System.Security.Cryptography;
using System.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;

namespace Monalisa.Domain.SelfFunded;

/// <summary>
/// The training organisation's facts a contract needs, from site/settings.yml (embedded in Monalisa.Content for the
/// functions, read from the file by the site generator: one source, so the text and its hash agree).
/// </summary>
public sealed record ContractParties(string OrganisationName, string Address, string Siret, string TrainingDeclaration, string TrainersQualifications, string ContactEmail);

/// <summary>A titled part of the contract: paragraphs of plain text.</summary>
public sealed record ContractSection(string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>The « contrat de formation professionnelle » for one session, as shown to the trainee and hashed.</summary>
public sealed record TrainingContract(string Title, IReadOnlyList<ContractSection> Sections)
{
    /// <summary>Bumped when the generator's wording changes; part of the text, so part of the hash.</summary>
    public const string GeneratorVersion = "2026-11";

    /// <summary>The exact text: title, then each heading and its paragraphs, separated by blank lines, "\n" line ends.</summary>
    public string Text => string.Join("\n\n", new[] { Title }.Concat(Sections.Select(s => s.Heading + "\n\n" + string.Join("\n\n", s.Paragraphs))));

    /// <summary>SHA-256 of <see cref="Text"/> in UTF-8, lowercase hex: the version the trainee accepts.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));
}

/// <summary>
/// Writes the contract of L6353-3 and L6353-4 from the course facts: nature, duration, objectives, number of trainees
/// expected (the session's capacity), price and how it is paid, trainers' qualifications, withdrawal right, interruption
/// and cancellation terms. It depends only on the course, the session and the organisation's facts, so the site can
/// show it at build time and the server recompute the same text (and hash) when the form comes back.
/// </summary>
public static class TrainingContractWriter
{
    public static TrainingContract For(Course course, CourseSession session, ContractParties parties)
    {
        var dates = FrenchFormat.Range(session);
        var prices = new[] { (TraineeCategory.Professional, "professionnel(le)"), (TraineeCategory.Volunteer, "bénévole") }
            .Select(c => (c.Item2, Outcome: TariffEngine.Price(course, c.Item1 == TraineeCategory.Professional ? QuoteRequest.Inter(1, 0) : QuoteRequest.Inter(0, 1))))
            .Where(c => c.Outcome is QuoteOutcome.Priced)
            .Select(c => $"Stagiaire {c.Item1} : {FrenchFormat.EurosFromCents(((QuoteOutcome.Priced)c.Outcome).Quote.TotalCents)} TTC pour la formation complète.")
            .ToList();

        return new TrainingContract($"Contrat de formation professionnelle (articles L6353-3 à L6353-7 du Code du travail) — version {TrainingContract.GeneratorVersion}", [
            new("Les parties", [
                $"Entre l'organisme de formation {parties.OrganisationName}, {parties.Address}, SIRET {parties.Siret}. {parties.TrainingDeclaration}",
                "Et le stagiaire, personne physique qui s'inscrit à titre individuel et à ses frais, identifié dans le formulaire d'inscription.",
            ]),
            new("Article 1 — Nature et objet de l'action de formation", [
                $"Action de formation au sens de l'article L6313-1 du Code du travail : « {course.Title} » — {course.Subtitle}.",
                $"Public : {course.Audience}",
                "Objectifs : " + string.Join(" ; ", course.Objectives) + ".",
                "Programme : " + string.Join(" ; ", course.Contents.Select(c => $"{c.Heading} ({string.Join(", ", c.Items)})")) + ".",
                "Prérequis : " + string.Join(" ; ", course.Prerequisites) + ".",
                $"Moyens et méthodes : {course.Methods}",
            ]),
            new("Article 2 — Durée, dates et lieu", [
                $"{FrenchFormat.Plural(course.Duration.Days, "jour", "jours")}, soit {FrenchFormat.Plural(course.Duration.Hours, "heure", "heures")}, {dates}, {FrenchFormat.Hours(course.Schedule.Start, course.Schedule.End)}.",
                $"Lieu : {session.Venue}, {session.Address} ({session.City}).",
            ]),
            new("Article 3 — Effectif", [
                $"Nombre de stagiaires prévu pour la session : {session.Capacity} au plus.",
            ]),
            new("Article 4 — Formateurs", [
                parties.TrainersQualifications,
            ]),
            new("Article 5 — Délai de rétractation", [
                $"À compter de la signature du présent contrat, le stagiaire dispose d'un délai de {InstalmentSchedule.WithdrawalDays} jours pour se rétracter, sans frais ni motif (article L6353-5). " +
                "Il le fait par le lien de rétractation reçu par e-mail, ou par écrit à " + parties.ContactEmail + ".",
                "Aucune somme n'est exigée ni débitée avant la fin de ce délai (article L6353-6).",
            ]),
            new("Article 6 — Prix et modalités de paiement", [
                .. prices,
                $"Le stagiaire enregistre sa carte bancaire lors de l'inscription ; aucun montant n'est débité à ce moment. " +
                $"Le {InstalmentSchedule.FirstChargeDay}e jour après la signature, un premier versement de {InstalmentSchedule.FirstInstalmentPercent} % du prix au plus est débité " +
                $"(arrondi au centime inférieur). Le solde est débité le premier jour de la session.",
                $"Si la session commence moins de {InstalmentSchedule.FirstChargeDay} jours après la signature, rien n'est débité avant la fin du délai de rétractation : " +
                $"le premier versement et le solde sont alors débités le {InstalmentSchedule.FirstChargeDay}e jour après la signature, et l'équipe vous contacte avant la session.",
                "En cas d'échec d'un prélèvement, le stagiaire reçoit un lien pour régler l'échéance ; sa place reste réservée pendant le délai de régularisation indiqué dans l'e-mail.",
            ]),
            new("Article 7 — Interruption et annulation", [
                "Si le stagiaire est empêché de suivre la formation par force majeure dûment reconnue, le contrat est résilié et seules les prestations effectivement dispensées sont dues, au prorata temporis de leur valeur prévue au contrat (article L6353-7).",
                "En cas d'abandon sans force majeure, seules les heures effectivement suivies sont dues, au prorata de la durée prévue.",
                "Si l'organisme annule ou reporte la session, les sommes versées sont intégralement remboursées, ou reportées sur une autre session avec l'accord du stagiaire.",
            ]),
            new("Article 8 — Acceptation", [
                "Le stagiaire accepte le présent contrat en cochant la case prévue dans le formulaire d'inscription. La date et l'heure de cette acceptation et l'empreinte (SHA-256) du texte accepté sont conservées.",
            ]),
        ]);
    }
}
