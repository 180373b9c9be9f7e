using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Bpf;

/// <summary>
/// Computes the BPF (Cerfa 10443) figures the product holds for one calendar year. The rules (docs/bpf.md): income is
/// the net amount excluding VAT dated by the document's issue date, a credit note subtracting in its own year; hours
/// come from attendance only (a half-day counts in the year of its date, never the planned time); each enrolment is
/// classed by its payer unless staff corrected it.
/// </summary>
public static class BpfCalculator
{
    /// <summary>Section C's lines the product can fill, in the Cerfa's order.</summary>
    public static readonly IReadOnlyList<(string Code, FundingClass Class)> IncomeLines =
        [("C1", FundingClass.Company), ("C2", FundingClass.Opco), ("C3", FundingClass.PublicBody), ("C9", FundingClass.Individual), ("C11", FundingClass.Other)];

    /// <summary>F-1's lines the product can fill: a) employees, d) people paying for themselves, e) others.</summary>
    public static readonly IReadOnlyList<string> TraineeKindLines = ["a", "d", "e"];

    /// <summary>How many specialities F-4 lists (the main ones, by hours).</summary>
    public const int TopSpecialities = 5;

    /// <summary>
    /// The class the payer gives: a public body is C3; an organisation paying for volunteers only is « other » (they are
    /// not its employees, so not C1; flagged); an organisation otherwise C1; a person C9.
    /// </summary>
    public static FundingClass DefaultClass(BpfEnrolment enrolment) =>
        enrolment.PublicBody ? FundingClass.PublicBody
        : enrolment.PayerKind == PayerKind.Individual ? FundingClass.Individual
        : enrolment.Trainees.Count > 0 && enrolment.Trainees.All(t => t.Category == TraineeCategory.Volunteer) ? FundingClass.Other
        : FundingClass.Company;

    public static FundingClass ClassOf(BpfEnrolment enrolment) => enrolment.Correction?.Class ?? DefaultClass(enrolment);

    public static string IncomeCode(FundingClass funding) => IncomeLines.First(l => l.Class == funding).Code;

    /// <summary>
    /// A trainee's F-1 line: employees of a company or funded by an OPCO are a), people paying for themselves d), public
    /// agents and everyone else e); a volunteer is nobody's employee, so an organisation's volunteer is e) too.
    /// </summary>
    public static string TraineeKind(FundingClass funding, TraineeCategory category) => funding switch
    {
        FundingClass.Individual => "d",
        FundingClass.Company or FundingClass.Opco when category == TraineeCategory.Professional => "a",
        _ => "e",
    };

    public static BpfReport Compute(BpfInputs inputs)
    {
        var year = inputs.Year;
        var enrolments = inputs.Enrolments.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var anomalies = new List<BpfAnomaly>();

        // C: the year's documents, by the class of their enrolment.
        var income = IncomeLines.ToDictionary(l => l.Class, _ => 0L);
        var incomeByEnrolment = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var document in inputs.Documents.Where(d => d.IssueDate.Year == year).OrderBy(d => d.Number, StringComparer.Ordinal))
        {
            FundingClass? funding = enrolments.TryGetValue(document.EnrolmentId, out var enrolment) ? ClassOf(enrolment)
                : document.PublicBuyer ? FundingClass.PublicBody
                : null;
            if (funding is not { } known)
            {
                anomalies.Add(new BpfAnomaly(BpfAnomalyKind.DocumentWithoutClass, document.Number));
                continue;
            }
            income[known] += document.SignedNetCents;
            incomeByEnrolment[document.EnrolmentId] = incomeByEnrolment.GetValueOrDefault(document.EnrolmentId) + document.SignedNetCents;
        }

        // E, F-1, F-3, F-4: the year's half-days of every attendance summary.
        var kinds = TraineeKindLines.ToDictionary(k => k, _ => new Tally(), StringComparer.Ordinal);
        var objectives = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var specialities = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var trainers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var trainerMinutes = 0;
        var minutesByEnrolment = new Dictionary<string, (int Trainees, int Minutes)>(StringComparer.Ordinal);
        var straddling = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var summary in inputs.Attendance.OrderBy(s => s.SessionId, StringComparer.Ordinal))
        {
            var inYear = summary.HalfDays.Where(h => h.Date.Year == year).ToDictionary(h => h.Id, StringComparer.Ordinal);
            if (inYear.Count == 0) continue;
            if (inYear.Count != summary.HalfDays.Count) straddling.Add(summary.SessionId);
            inputs.Courses.TryGetValue(summary.CourseSlug, out var facts);
            if (facts is null && summary.Trainees.Count > 0)
                anomalies.Add(new BpfAnomaly(BpfAnomalyKind.CourseWithoutBpfFacts, summary.CourseSlug));

            foreach (var trainer in summary.Trainers)
            {
                var minutes = trainer.HalfDayIds.Sum(id => inYear.TryGetValue(id, out var h) ? h.Minutes : 0);
                if (minutes == 0) continue;
                trainers.Add(trainer.Name.Trim());
                trainerMinutes += minutes;
            }

            foreach (var trainee in summary.Trainees)
            {
                var minutes = trainee.HalfDays.Where(p => inYear.ContainsKey(p.HalfDayId)).Sum(p => p.Minutes);
                // A trainee who attended nothing this year did not train this year.
                if (minutes <= 0) continue;
                FundingClass funding;
                var category = TraineeCategory.Professional;
                if (enrolments.TryGetValue(trainee.EnrolmentId, out var enrolment))
                {
                    funding = ClassOf(enrolment);
                    category = enrolment.Trainees.FirstOrDefault(t => t.TraineeKey == trainee.TraineeKey)?.Category ?? category;
                }
                else
                {
                    funding = FundingClass.Other;
                    anomalies.Add(new BpfAnomaly(BpfAnomalyKind.AttendanceWithoutEnrolment, summary.SessionId, trainee.EnrolmentId));
                }
                kinds[TraineeKind(funding, category)].Add(minutes);
                if (facts is not null)
                {
                    TallyOf(objectives, facts.Objective.ToString().ToLowerInvariant(), "").Add(minutes);
                    TallyOf(specialities, facts.SpecialityGroup, facts.SpecialityLabel).Add(minutes);
                }
                var (count, total) = minutesByEnrolment.GetValueOrDefault(trainee.EnrolmentId);
                minutesByEnrolment[trainee.EnrolmentId] = (count + 1, total + minutes);
            }
        }

        // Sessions known from enrolments only (no attendance yet) may straddle too.
        foreach (var enrolment in inputs.Enrolments)
            if (enrolment.SessionStart.Year != enrolment.SessionEnd.Year && (enrolment.SessionStart.Year == year || enrolment.SessionEnd.Year == year))
                straddling.Add(enrolment.SessionId);
        anomalies.AddRange(straddling.Select(s => new BpfAnomaly(BpfAnomalyKind.SessionStraddlesYears, s)));

        // Past sessions of the year whose final enrolments have a trainee without attendance.
        var summaries = inputs.Attendance.ToDictionary(s => s.SessionId, StringComparer.Ordinal);
        foreach (var enrolment in inputs.Enrolments.Where(e => e.Final && e.SessionEnd.Year == year && e.SessionEnd < inputs.Today).OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            var attended = summaries.TryGetValue(enrolment.SessionId, out var summary)
                ? summary.Trainees.Where(t => t.EnrolmentId == enrolment.Id).Select(t => t.TraineeKey).ToHashSet(StringComparer.Ordinal)
                : [];
            if (enrolment.Trainees.Any(t => !attended.Contains(t.TraineeKey)))
                anomalies.Add(new BpfAnomaly(BpfAnomalyKind.EnrolmentWithoutAttendance, enrolment.Id, enrolment.Id));
        }

        // The enrolments of the year (income or hours in it), for staff to check and correct their class.
        var classed = new List<ClassedEnrolment>();
        foreach (var id in incomeByEnrolment.Keys.Union(minutesByEnrolment.Keys).Order(StringComparer.Ordinal))
        {
            if (!enrolments.TryGetValue(id, out var enrolment)) continue;
            var defaultClass = DefaultClass(enrolment);
            if (defaultClass == FundingClass.Other && enrolment.Correction is null)
                anomalies.Add(new BpfAnomaly(BpfAnomalyKind.VolunteersClassedOther, id, id));
            var (count, minutes) = minutesByEnrolment.GetValueOrDefault(id);
            classed.Add(new ClassedEnrolment(id, enrolment.SessionId, ClassOf(enrolment), defaultClass, enrolment.Correction,
                incomeByEnrolment.GetValueOrDefault(id), count, minutes));
        }

        return new BpfReport(
            year,
            [.. IncomeLines.Select(l => new IncomeLine(l.Code, l.Class, income[l.Class]))],
            new TrainerLine(trainers.Count, trainerMinutes),
            [.. TraineeKindLines.Select(k => kinds[k].Line(k, ""))],
            [.. objectives.Select(o => o.Value.Line(o.Key, ""))],
            [.. specialities.OrderByDescending(s => s.Value.Minutes).ThenBy(s => s.Key, StringComparer.Ordinal).Take(TopSpecialities)
                .Select(s => s.Value.Line(s.Key, s.Value.Label))],
            anomalies,
            classed);
    }

    private static Tally TallyOf<TMap>(TMap map, string key, string label) where TMap : IDictionary<string, Tally>
    {
        if (!map.TryGetValue(key, out var tally)) map[key] = tally = new Tally { Label = label };
        return tally;
    }

    private sealed class Tally
    {
        public int Trainees { get; private set; }
        public int Minutes { get; private set; }
        public string Label { get; init; } = "";

        public void Add(int minutes)
        {
            Trainees++;
            Minutes += minutes;
        }

        public TraineeLine Line(string code, string label) => new(code, Trainees, Minutes) { Label = label };
    }
}
