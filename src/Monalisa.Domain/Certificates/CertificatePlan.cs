using Monalisa.Domain.Attendance;

namespace Monalisa.Domain.Certificates;

/// <summary>One document to issue now; <see cref="Replaces"/> is the earlier one it corrects (other hours), if any.</summary>
public sealed record CertificateIssue(TraineeAttendance Trainee, CertificateKind Kind, int Version, IssuedCertificate? Replaces);

/// <summary>What the closed attendance calls for: documents to issue, grouped by trainee, and the trainees without any hour.</summary>
public sealed record CertificateDecision(IReadOnlyList<IReadOnlyList<CertificateIssue>> ByTrainee, IReadOnlyList<TraineeAttendance> WithoutHours)
{
    public static readonly CertificateDecision Nothing = new([], []);
}

/// <summary>
/// The issue rule. Only a closed summary issues anything; hours come from it alone, never from the plan.
/// <list type="bullet">
/// <item>The certificat de réalisation: every trainee with minutes attended.</item>
/// <item>The attestation: every trainee with minutes attended whose assessment result is recorded (recorded later, it
/// goes out then).</item>
/// <item>A trainee with no minute gets neither; staff see them listed.</item>
/// <item>Each document once per version of the summary; a later version reissues it only if that trainee's minutes
/// differ from the last document issued (a correction of someone else's hours sends this trainee nothing).</item>
/// </list>
/// </summary>
public static class CertificatePlan
{
    public static CertificateDecision Decide(SessionAttendance summary, IReadOnlyCollection<TraineeAssessment> assessments, IReadOnlyCollection<IssuedCertificate> issued)
    {
        if (!summary.Closed) return CertificateDecision.Nothing;
        var byTrainee = new List<IReadOnlyList<CertificateIssue>>();
        var withoutHours = new List<TraineeAttendance>();
        foreach (var trainee in summary.Trainees)
        {
            if (trainee.MinutesAttended <= 0)
            {
                withoutHours.Add(trainee);
                continue;
            }
            var assessed = assessments.Any(a => Same(a.EnrolmentId, a.TraineeKey, trainee));
            var issues = new List<CertificateIssue>();
            foreach (var kind in new[] { CertificateKind.Realisation, CertificateKind.Attestation })
            {
                if (kind == CertificateKind.Attestation && !assessed) continue;
                var last = issued.Where(c => c.Kind == kind && Same(c.EnrolmentId, c.TraineeKey, trainee)).MaxBy(c => c.Version);
                if (last is null) issues.Add(new CertificateIssue(trainee, kind, summary.Version, null));
                else if (last.Version < summary.Version && last.Minutes != trainee.MinutesAttended)
                    issues.Add(new CertificateIssue(trainee, kind, summary.Version, last));
            }
            if (issues.Count > 0) byTrainee.Add(issues);
        }
        return new CertificateDecision(byTrainee, withoutHours);
    }

    private static bool Same(string enrolmentId, string traineeKey, TraineeAttendance trainee) =>
        string.Equals(enrolmentId, trainee.EnrolmentId, StringComparison.Ordinal) && string.Equals(traineeKey, trainee.TraineeKey, StringComparison.Ordinal);
}
