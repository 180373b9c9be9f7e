namespace Monalisa.Domain.Certificates;

/// <summary>
/// The overall result of a trainee's end-of-course assessment, as the trainer records it: what the attestation de fin
/// de formation states (L6353-1: « les résultats de l'évaluation des acquis »). The words are the templates'.
/// </summary>
public enum AssessmentResult
{
    /// <summary>« Objectifs atteints ».</summary>
    Achieved,
    /// <summary>« Objectifs partiellement atteints ».</summary>
    PartlyAchieved,
    /// <summary>« Objectifs non atteints ».</summary>
    NotAchieved,
}

/// <summary>One trainee's recorded assessment in a session, named like attendance names them (enrolment and pseudonym).</summary>
public sealed record TraineeAssessment(string EnrolmentId, string TraineeKey, AssessmentResult Result, string? Comment, DateTimeOffset RecordedAt, string RecordedBy)
{
    /// <summary>The longest comment kept: a sentence or two on the attestation, not a report.</summary>
    public const int CommentMaxLength = 500;

    /// <summary>The form's value (« atteints »…) for a result, and back: stable words, not enum positions.</summary>
    public static string Code(AssessmentResult result) => result switch
    {
        AssessmentResult.Achieved => "atteints",
        AssessmentResult.PartlyAchieved => "partiellement-atteints",
        _ => "non-atteints",
    };

    public static AssessmentResult? Parse(string? code) => code switch
    {
        "atteints" => AssessmentResult.Achieved,
        "partiellement-atteints" => AssessmentResult.PartlyAchieved,
        "non-atteints" => AssessmentResult.NotAchieved,
        _ => null,
    };
}
