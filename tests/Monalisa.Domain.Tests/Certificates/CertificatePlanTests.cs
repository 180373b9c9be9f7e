using Monalisa.Domain.Attendance;
using Monalisa.Domain.Certificates;

namespace Monalisa.Domain.Tests.Certificates;

public sealed class CertificatePlanTests
{
    private static readonly HalfDay[] Days =
    [
        new(new DateOnly(2027, 3, 16), HalfDayPart.Morning, new TimeOnly(9, 0), new TimeOnly(12, 30)),
        new(new DateOnly(2027, 3, 16), HalfDayPart.Afternoon, new TimeOnly(13, 30), new TimeOnly(17, 0)),
        new(new DateOnly(2027, 3, 17), HalfDayPart.Morning, new TimeOnly(9, 0), new TimeOnly(12, 30)),
        new(new DateOnly(2027, 3, 17), HalfDayPart.Afternoon, new TimeOnly(13, 30), new TimeOnly(17, 0)),
    ];

    private static readonly DateTimeOffset Closed = new(2027, 3, 17, 16, 30, 0, TimeSpan.Zero);

    /// <summary>A trainee present on every half-day except those listed as absent.</summary>
    private static TraineeAttendance Trainee(string enrolment, string key, params int[] absent) =>
        new(enrolment, key, [.. Days.Select((d, i) => absent.Contains(i) ? new HalfDayPresence(d.Id, PresenceKind.Absent, 0) : new HalfDayPresence(d.Id, PresenceKind.Present, d.Minutes))]);

    private static SessionAttendance Summary(int version, bool closed, params TraineeAttendance[] trainees) =>
        new("cours", "session-1", Days, trainees, [], version) { ClosedAt = closed ? Closed : null };

    private static TraineeAssessment Assessed(string enrolment, string key) => new(enrolment, key, AssessmentResult.Achieved, null, Closed, "Formatrice");

    [Fact]
    public void An_open_attendance_issues_nothing()
    {
        var decision = CertificatePlan.Decide(Summary(1, closed: false, Trainee("e1", "k1")), [Assessed("e1", "k1")], []);

        Assert.Empty(decision.ByTrainee);
    }

    [Fact]
    public void A_closed_attendance_issues_the_certificat_to_each_trainee_present_and_the_attestation_only_once_assessed()
    {
        var decision = CertificatePlan.Decide(Summary(1, closed: true, Trainee("e1", "k1", 1), Trainee("e1", "k2")), [Assessed("e1", "k2")], []);

        var first = Assert.Single(decision.ByTrainee, t => t[0].Trainee.TraineeKey == "k1");
        Assert.Equal([CertificateKind.Realisation], first.Select(i => i.Kind));
        Assert.Equal(630, first[0].Trainee.MinutesAttended);
        var second = Assert.Single(decision.ByTrainee, t => t[0].Trainee.TraineeKey == "k2");
        Assert.Equal([CertificateKind.Realisation, CertificateKind.Attestation], second.Select(i => i.Kind));
    }

    [Fact]
    public void A_trainee_with_no_minute_gets_nothing_and_is_listed_for_staff()
    {
        var decision = CertificatePlan.Decide(Summary(1, closed: true, Trainee("e1", "k1", 0, 1, 2, 3)), [Assessed("e1", "k1")], []);

        Assert.Empty(decision.ByTrainee);
        Assert.Equal("k1", Assert.Single(decision.WithoutHours).TraineeKey);
    }

    [Fact]
    public void A_document_already_issued_for_this_version_is_not_issued_again()
    {
        var issued = new[] { new IssuedCertificate("e1", "k1", CertificateKind.Realisation, 1, 840, Closed) };

        var decision = CertificatePlan.Decide(Summary(1, closed: true, Trainee("e1", "k1")), [], issued);

        Assert.Empty(decision.ByTrainee);
    }

    [Fact]
    public void A_later_version_with_other_hours_reissues_and_names_the_replaced_document()
    {
        var issued = new[] { new IssuedCertificate("e1", "k1", CertificateKind.Realisation, 1, 840, Closed) };

        var decision = CertificatePlan.Decide(Summary(2, closed: true, Trainee("e1", "k1", 3)), [], issued);

        var issue = Assert.Single(Assert.Single(decision.ByTrainee));
        Assert.Equal(2, issue.Version);
        Assert.Equal(1, issue.Replaces!.Version);
    }

    [Fact]
    public void A_later_version_with_the_same_hours_for_this_trainee_issues_nothing()
    {
        var issued = new[]
        {
            new IssuedCertificate("e1", "k1", CertificateKind.Realisation, 1, 840, Closed),
            new IssuedCertificate("e1", "k1", CertificateKind.Attestation, 1, 840, Closed),
        };

        var decision = CertificatePlan.Decide(Summary(2, closed: true, Trainee("e1", "k1")), [Assessed("e1", "k1")], issued);

        Assert.Empty(decision.ByTrainee);
    }

    [Fact]
    public void An_assessment_recorded_after_the_certificat_adds_the_attestation_alone()
    {
        var issued = new[] { new IssuedCertificate("e1", "k1", CertificateKind.Realisation, 1, 840, Closed) };

        var decision = CertificatePlan.Decide(Summary(1, closed: true, Trainee("e1", "k1")), [Assessed("e1", "k1")], issued);

        Assert.Equal([CertificateKind.Attestation], Assert.Single(decision.ByTrainee).Select(i => i.Kind));
    }
}

public sealed class CertificateRetentionTests
{
    [Theory]
    [InlineData("2030-12-31", false)]
    [InlineData("2031-01-01", true)]
    public void A_session_of_2027_is_kept_until_the_end_of_2030(string today, bool deleted)
    {
        var sessionEnd = new DateTimeOffset(2027, 3, 17, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(deleted, sessionEnd < CertificateRetention.Cutoff(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
