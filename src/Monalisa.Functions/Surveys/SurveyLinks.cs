namespace Monalisa.Functions.Surveys;

/// <summary>The purposes of the questionnaire links (Enrolment/TraineeLinks): one token per questionnaire and respondent.</summary>
internal static class SurveyLinks
{
    public const string Hot = "questionnaire-chaud";
    public const string Cold = "questionnaire-froid";
    public const string SelfAssessmentBefore = "positionnement";
}
