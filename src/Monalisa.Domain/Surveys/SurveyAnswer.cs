using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Validation;

namespace Monalisa.Domain.Surveys;

/// <summary>
/// An answer as stored: a score per question id and the free text. No name, no address: the row that holds it is
/// named by the respondent's pseudonym only. Scores are 1–5 or 1–4 as the question's scale says.
/// </summary>
public sealed record SurveyAnswer(IReadOnlyDictionary<string, int> Scores, string? Comment)
{
    /// <summary>
    /// Checks a posted form against the questionnaire: every scale question answered with one of its values, the free
    /// text at most <see cref="Questionnaire.MaxCommentLength"/> characters. One French message per field.
    /// </summary>
    public static ValidationOutcome<SurveyAnswer> Check(Questionnaire questionnaire, IReadOnlyDictionary<string, string?> form)
    {
        var errors = new FieldErrors();
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        string? comment = null;
        foreach (var question in questionnaire.Questions)
        {
            var raw = form.TryGetValue(question.Id, out var value) ? value?.Trim() : null;
            if (question.Scale == QuestionScale.Text)
            {
                if (string.IsNullOrEmpty(raw)) continue;
                if (raw.Length > Questionnaire.MaxCommentLength)
                    errors.Add(question.Id, $"Votre texte est trop long : {Questionnaire.MaxCommentLength} caractères au plus.");
                else comment = raw;
                continue;
            }
            if (string.IsNullOrEmpty(raw))
                errors.Add(question.Id, "Choisissez une réponse.");
            else if (!int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var score) || score < 1 || score > question.Max)
                errors.Add(question.Id, $"Choisissez une réponse entre 1 et {question.Max}.");
            else scores[question.Id] = score;
        }
        return errors.Any ? new ValidationOutcome<SurveyAnswer>.Invalid(errors) : new ValidationOutcome<SurveyAnswer>.Valid(new SurveyAnswer(scores, comment));
    }
}

/// <summary>An answer with the session it is about (its dates date the published figures).</summary>
public sealed record DatedAnswer(string SessionId, string CourseSlug, DateOnly SessionStart, DateOnly SessionEnd, SurveyAnswer Answer);

/// <summary>
/// The published satisfaction rate (indicator 2): the share of à chaud respondents whose « overall » answer is 4 or 5,
/// with the number of respondents, the period (the first and last session dates answered) and when it was computed.
/// A figure without its date is never published: every field is here together.
/// </summary>
public sealed record SatisfactionRate(int Percent, int Respondents, int Satisfied, DateOnly PeriodStart, DateOnly PeriodEnd, DateTimeOffset ComputedAt)
{
    /// <summary>Null when nobody answered: there is no rate to publish yet.</summary>
    public static SatisfactionRate? Compute(IEnumerable<DatedAnswer> hotAnswers, DateTimeOffset now)
    {
        var counted = hotAnswers.Where(a => a.Answer.Scores.ContainsKey(Questionnaire.Overall)).ToList();
        if (counted.Count == 0) return null;
        var satisfied = counted.Count(a => a.Answer.Scores[Questionnaire.Overall] >= 4);
        // Rounded half away from zero: 2 of 3 is 67 %, the way a reader rounds.
        var percent = (int)Math.Round(100m * satisfied / counted.Count, MidpointRounding.AwayFromZero);
        return new SatisfactionRate(percent, counted.Count, satisfied,
            counted.Min(a => a.SessionStart), counted.Max(a => a.SessionEnd), now);
    }
}

/// <summary>The measure of what was acquired (indicator 11): per objective, the mean self-assessment before and after.</summary>
public sealed record ObjectiveProgress(string ObjectiveId, string Objective, decimal? Before, int BeforeCount, decimal? After, int AfterCount)
{
    public static IReadOnlyList<ObjectiveProgress> Compute(Catalogue.Course course, IEnumerable<SurveyAnswer> before, IEnumerable<SurveyAnswer> after)
    {
        var b = before.ToList();
        var a = after.ToList();
        return [.. course.Objectives.Select((objective, i) =>
        {
            var id = Questionnaire.ObjectiveId(i);
            var bs = b.Where(x => x.Scores.ContainsKey(id)).Select(x => x.Scores[id]).ToList();
            var @as = a.Where(x => x.Scores.ContainsKey(id)).Select(x => x.Scores[id]).ToList();
            return new ObjectiveProgress(id, objective, Mean(bs), bs.Count, Mean(@as), @as.Count);
        })];
    }

    public static decimal? Mean(IReadOnlyCollection<int> values) =>
        values.Count == 0 ? null : Math.Round((decimal)values.Sum() / values.Count, 2, MidpointRounding.AwayFromZero);
}
