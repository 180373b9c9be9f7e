using Monalisa.Domain.Surveys;

namespace Monalisa.Functions.Surveys;

/// <summary>The purposes of the questionnaire links (Enrolment/TraineeLinks): one token per questionnaire and respondent.</summary>
internal static class SurveyLinks
{
    public const string Hot = "questionnaire-chaud";
    public const string Cold = "questionnaire-froid";
    public const string SelfAssessmentBefore = "positionnement";
    /// <summary>The paying organisations' yearly questionnaire (the « session » of its token is the year's partition).</summary>
    public const string Employer = "questionnaire-employeur";

    public static string PurposeOf(SurveyKind kind) => kind switch
    {
        SurveyKind.Positioning => SelfAssessmentBefore,
        SurveyKind.Hot => Hot,
        SurveyKind.Cold => Cold,
        _ => Employer,
    };

    /// <summary>The questionnaire's path (the same origin as the site: /api/ is the API).</summary>
    public static string Path(SurveyKind kind, string partition, string respondentKey) =>
        $"api/questionnaires/{Questionnaire.Key(kind)}/{Uri.EscapeDataString(partition)}/{Uri.EscapeDataString(respondentKey)}";
}
