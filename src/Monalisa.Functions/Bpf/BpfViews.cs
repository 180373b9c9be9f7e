using Monalisa.Functions.Http;
using System.Globalization;
using Monalisa.Domain.Bpf;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Text;
using Monalisa.Functions.Staff.Console;

namespace Monalisa.Functions.Bpf;

// What the BPF page reads (site/theme/pages/equipe-bpf.liquid): codes and figures already in French format; the words
// of each line and anomaly are the template's.

/// <summary>A line of the page: its Cerfa code, its figures formatted, and the raw ones for the CSV.</summary>
internal sealed record BpfLineView(string Code, string Label, string Amount, string Trainees, string Hours, string Duration);

internal sealed record BpfAnomalyView(string Kind, string Reference, string? Url);

internal sealed record BpfEnrolmentView(string Id, string Url, string Class, string DefaultClass, bool Corrected, string? Reason, string? By, DateTimeOffset? At,
    string Amount, int Trainees, string Hours, string FormUrl);

internal static class BpfViews
{
    public static BpfLineView Income(IncomeLine line) => new(line.Code, "", FrenchFormat.EurosFromCents(line.NetCents), "", "", "");

    public static BpfLineView Trainees(TraineeLine line) =>
        new(line.Code, line.Label, "", FrenchFormat.Number(line.Trainees), FrenchFormat.DecimalHours(line.Minutes), FrenchFormat.Duration(line.Minutes));

    public static BpfAnomalyView Anomaly(BpfAnomaly anomaly) =>
        new(anomaly.Kind.ToString(), anomaly.Reference, anomaly.EnrolmentId is { } id ? ConsolePaths.Enrolment(id) : null);

    public static BpfEnrolmentView Enrolment(ClassedEnrolment e) => new(
        e.Id, ConsolePaths.Enrolment(e.Id), e.Class.ToString(), e.DefaultClass.ToString(), e.Correction is not null,
        e.Correction?.Reason, e.Correction?.By, e.Correction?.At,
        FrenchFormat.EurosFromCents(e.NetCents), e.Trainees, FrenchFormat.DecimalHours(e.Minutes), BpfRoutes.CorrectionPath(e.Id));

    public static Dictionary<string, object?> Model(BpfReport report) => new()
    {
        ["year"] = report.Year,
        ["income"] = report.Income.Select(Income).ToList(),
        ["income_total"] = FrenchFormat.EurosFromCents(report.IncomeTotalCents),
        ["trainers"] = FrenchFormat.Number(report.Trainers.Trainers),
        ["trainer_hours"] = FrenchFormat.DecimalHours(report.Trainers.Minutes),
        ["kinds"] = report.TraineeKinds.Select(Trainees).ToList(),
        ["kinds_total"] = Trainees(report.TraineeTotal),
        ["objectives"] = report.Objectives.Select(Trainees).ToList(),
        ["specialities"] = report.Specialities.Select(Trainees).ToList(),
        ["anomalies"] = report.Anomalies.Select(Anomaly).ToList(),
        ["enrolments"] = report.Enrolments.Select(Enrolment).ToList(),
        ["classes"] = Enum.GetNames<FundingClass>(),
        ["csv_url"] = BpfRoutes.CsvPath(report.Year),
        ["previous_url"] = BpfRoutes.PagePath(report.Year - 1),
        ["next_url"] = BpfRoutes.PagePath(report.Year + 1),
    };

    /// <summary>
    /// The CSV staff copy from: one row per Cerfa line (section, line code, the line's name, then its figures as numbers in
    /// French notation: euros with a decimal comma, hours in decimal), the Cerfa's order, then the anomalies.
    /// </summary>
    public static byte[] Csv(BpfReport report)
    {
        var csv = new CsvWriter().Row("Section", "Ligne", "Intitulé", "Produits HT (€)", "Stagiaires", "Heures-stagiaires");
        foreach (var line in report.Income)
            csv.Row("C", line.Code, IncomeNames[line.Code], Euros(line.NetCents), null, null);
        csv.Row("C", "Total", "Total des produits (lignes tenues par l’application)", Euros(report.IncomeTotalCents), null, null);
        csv.Row("E", "Total", "Formateurs ayant contresigné l’émargement (heures de formation dispensées)", null, Count(report.Trainers.Trainers), FrenchFormat.DecimalHours(report.Trainers.Minutes));
        foreach (var line in report.TraineeKinds.Append(report.TraineeTotal))
            csv.Row("F-1", line.Code, KindNames[line.Code], null, Count(line.Trainees), FrenchFormat.DecimalHours(line.Minutes));
        foreach (var line in report.Objectives)
            csv.Row("F-3", line.Code, ObjectiveNames.GetValueOrDefault(line.Code, line.Code), null, Count(line.Trainees), FrenchFormat.DecimalHours(line.Minutes));
        foreach (var line in report.Specialities)
            csv.Row("F-4", line.Code, line.Label, null, Count(line.Trainees), FrenchFormat.DecimalHours(line.Minutes));
        foreach (var anomaly in report.Anomalies)
            csv.Row("Anomalie", anomaly.Kind.ToString(), anomaly.Reference, null, null, null);
        return csv.ToBytes();
    }

    // Spreadsheets read « 1234,5 »: no thousands separator in a cell meant to be a number.
    private static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.GetCultureInfo("fr-FR"));
    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    // The Cerfa 10443's own names of its lines, as the CSV's third column (the page words them in its template).
    private static readonly Dictionary<string, string> IncomeNames = new(StringComparer.Ordinal)
    {
        ["C1"] = "Des entreprises pour la formation de leurs salariés",
        ["C2"] = "Des organismes gestionnaires des fonds de la formation professionnelle (OPCO et autres)",
        ["C3"] = "Des pouvoirs publics pour la formation de leurs agents",
        ["C9"] = "De contrats conclus avec des personnes à titre individuel et à leurs frais",
        ["C11"] = "Autres produits au titre de la formation professionnelle",
    };

    private static readonly Dictionary<string, string> KindNames = new(StringComparer.Ordinal)
    {
        ["a"] = "Salariés d’employeurs privés hors apprentis",
        ["d"] = "Particuliers à leurs propres frais",
        ["e"] = "Autres stagiaires",
        ["total"] = "Total F-1",
    };

    private static readonly Dictionary<string, string> ObjectiveNames = new(StringComparer.Ordinal)
    {
        ["a"] = "Formations visant un diplôme ou un titre enregistré au RNCP",
        ["b"] = "Formations visant une certification ou une habilitation du répertoire spécifique",
        ["c"] = "CQP non enregistré au RNCP ni au répertoire spécifique",
        ["d"] = "Autres formations professionnelles",
        ["e"] = "Bilans de compétences",
        ["f"] = "Actions d’accompagnement à la VAE",
    };
}
