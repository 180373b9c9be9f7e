using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Bpf;

/// <summary>One line of section C: its Cerfa code (« C1 ») and the net income excluding VAT of the year, in cents.</summary>
public sealed record IncomeLine(string Code, FundingClass Class, long NetCents);

/// <summary>One line of F-1 (« a », « d », « e »), F-3 (the objective's letter) or F-4 (an NSF code): trainees and their minutes.</summary>
public sealed record TraineeLine(string Code, int Trainees, int Minutes)
{
    public string Label { get; init; } = "";
}

/// <summary>Section E as the product knows it: the trainers who countersigned half-days of the year, and those half-days' minutes.</summary>
public sealed record TrainerLine(int Trainers, int Minutes);

public enum BpfAnomalyKind
{
    /// <summary>A final enrolment of a session that ended in the year has a trainee without attendance: its hours are missing.</summary>
    EnrolmentWithoutAttendance,
    /// <summary>An invoice or a credit note of the year names no enrolment the product knows: its income has no class.</summary>
    DocumentWithoutClass,
    /// <summary>A session has half-days in two years: each half-day counts in its own year, and its trainees in both.</summary>
    SessionStraddlesYears,
    /// <summary>An organisation pays for volunteers only: classed « other » (C11, F-1 e) by default, for staff to check.</summary>
    VolunteersClassedOther,
    /// <summary>The course file states no BPF facts (objective, speciality): its trainees are missing from F-3 and F-4.</summary>
    CourseWithoutBpfFacts,
    /// <summary>Attendance names an enrolment the product does not hold: its trainees are counted under « other ».</summary>
    AttendanceWithoutEnrolment,
}

/// <summary>Something staff must look at before copying the figures; <see cref="Reference"/> is an enrolment id, a document number, a session id or a course slug.</summary>
public sealed record BpfAnomaly(BpfAnomalyKind Kind, string Reference, string? EnrolmentId = null);

/// <summary>An enrolment of the year with the class the BPF uses, and where it comes from (default or staff's correction).</summary>
public sealed record ClassedEnrolment(string Id, string SessionId, FundingClass Class, FundingClass DefaultClass, FundingClassCorrection? Correction, long NetCents, int Trainees, int Minutes);

/// <summary>The figures of one calendar year, in the Cerfa's order (C, E, F-1, F-3, F-4), and what to check first.</summary>
public sealed record BpfReport(
    int Year,
    IReadOnlyList<IncomeLine> Income,
    TrainerLine Trainers,
    IReadOnlyList<TraineeLine> TraineeKinds,
    IReadOnlyList<TraineeLine> Objectives,
    IReadOnlyList<TraineeLine> Specialities,
    IReadOnlyList<BpfAnomaly> Anomalies,
    IReadOnlyList<ClassedEnrolment> Enrolments)
{
    public long IncomeTotalCents => Income.Sum(l => l.NetCents);
    public TraineeLine TraineeTotal => new("total", TraineeKinds.Sum(l => l.Trainees), TraineeKinds.Sum(l => l.Minutes));
}
