using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Surveys;
using Monalisa.Domain.Text;

namespace Monalisa.Functions.Surveys;

/// <summary>What a questionnaire link opens: the questionnaire, who answers, and what the answer is about.</summary>
internal sealed record OpenedSurvey(SurveyKind Kind, string Partition, string RespondentKey, string Token, Questionnaire Questionnaire, SurveySubject Subject,
    Course? Course, CourseSession? Session, int? Year);

/// <summary>The model of site/theme/pages/questionnaire.liquid: the questions with their choices, what was typed, one message per field.</summary>
internal static class SurveyForms
{
    public static Dictionary<string, object?> Model(OpenedSurvey opened, IReadOnlyDictionary<string, string?>? typed, IReadOnlyDictionary<string, string[]>? errors) => new()
    {
        ["survey"] = Questionnaire.Key(opened.Kind),
        ["course_title"] = opened.Course?.Title ?? "",
        ["dates"] = opened.Session is { } s ? FrenchFormat.Range(s.Start, s.End) : "",
        ["city"] = opened.Session?.City ?? "",
        ["year"] = opened.Year,
        ["token"] = opened.Token,
        ["action"] = "/" + SurveyLinks.Path(opened.Kind, opened.Partition, opened.RespondentKey),
        ["max_comment"] = Questionnaire.MaxCommentLength,
        ["errors"] = (errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value.Select(m => new { Field = e.Key, Message = m })).ToList(),
        ["questions"] = opened.Questionnaire.Questions.Select(q =>
        {
            var value = typed is not null && typed.TryGetValue(q.Id, out var v) ? v ?? "" : "";
            return new
            {
                q.Id,
                q.Label,
                Text = q.Scale == QuestionScale.Text,
                Objective = q.Id.StartsWith(Questionnaire.ObjectivePrefix, StringComparison.Ordinal),
                Value = value,
                Error = errors is not null && errors.TryGetValue(q.Id, out var messages) ? messages[0] : "",
                Choices = Questionnaire.ScaleOf(q, opened.Kind).Select(c => new
                {
                    c.Value,
                    Label = $"{c.Value} — {c.Label}",
                    Checked = value == c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }).ToList(),
            };
        }).ToList(),
    };
}
