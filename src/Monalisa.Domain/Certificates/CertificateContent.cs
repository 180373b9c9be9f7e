using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Certificates;

/// <summary>
/// The provider's legal facts both documents print (site/settings.yml, Legal.*): the ministry's model names the legal
/// representative who signs and the place it is signed at.
/// </summary>
public sealed record CertificateProvider(string Name, string Address, string Siret, string TrainingDeclaration, string Representative, string City);

/// <summary>
/// What an attestation or a certificat de réalisation says, from the course, the session, the enrolment (the trainee's
/// name; the employer is the paying organisation, none for a person paying for themselves), the published attendance
/// (hours attended next to the planned hours) and, for the attestation, the recorded assessment.
/// </summary>
public sealed record CertificateContent
{
    public required CertificateKind Kind { get; init; }
    public required CertificateProvider Provider { get; init; }
    public required string TraineeName { get; init; }
    /// <summary>The paying organisation (the trainee's employer for the model); null for a self-funded individual.</summary>
    public string? Employer { get; init; }
    public string? EmployerAddress { get; init; }
    public required string CourseTitle { get; init; }
    public required IReadOnlyList<string> Objectives { get; init; }
    public required DateOnly Start { get; init; }
    public required DateOnly End { get; init; }
    public required string Place { get; init; }
    public required int MinutesAttended { get; init; }
    public required int PlannedMinutes { get; init; }
    /// <summary>The course's published duration in hours (the programme's, not the attendance's).</summary>
    public required int DurationHours { get; init; }
    public AssessmentResult? Result { get; init; }
    public string? ResultComment { get; init; }
    public required int Version { get; init; }
    public required DateOnly IssuedOn { get; init; }
    /// <summary>The issue date of the document this one replaces (hours corrected after a first issue).</summary>
    public DateOnly? ReplacesIssuedOn { get; init; }

    public static CertificateContent For(CertificateIssue issue, Course course, CourseSession session, EnrolmentRecord enrolment, Trainee trainee,
        CertificateProvider provider, TraineeAssessment? assessment, int plannedMinutes, DateTimeOffset now) => new()
    {
        Kind = issue.Kind,
        Provider = provider,
        TraineeName = $"{trainee.FirstName.Trim()} {trainee.LastName.Trim()}",
        Employer = enrolment.Payer.Kind == PayerKind.Organisation ? enrolment.Payer.Name.Trim() : null,
        EmployerAddress = enrolment.Payer.Kind == PayerKind.Organisation ? enrolment.Payer.Address?.Trim() : null,
        CourseTitle = course.Title,
        Objectives = course.Objectives,
        Start = session.Start,
        End = session.End,
        Place = session.City,
        MinutesAttended = issue.Trainee.MinutesAttended,
        PlannedMinutes = plannedMinutes,
        DurationHours = course.Duration.Hours,
        Result = issue.Kind == CertificateKind.Attestation ? assessment?.Result : null,
        ResultComment = issue.Kind == CertificateKind.Attestation ? assessment?.Comment : null,
        Version = issue.Version,
        IssuedOn = DayOf(now),
        ReplacesIssuedOn = issue.Replaces is { } replaced ? DayOf(replaced.IssuedAt) : null,
    };

    /// <summary>The Paris date of an instant: the documents are dated where they are signed.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, ParisTime.Zone).DateTime);
}
