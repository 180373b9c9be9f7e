using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Bpf;

/// <summary>An invoice or a credit note as the BPF counts it: its date, its net amount excluding VAT, its enrolment.</summary>
public sealed record BpfDocument(string Number, DocumentKind Kind, DateOnly IssueDate, long NetCents, string EnrolmentId, bool PublicBuyer)
{
    public static BpfDocument From(BillingDocument document) =>
        new(document.Number, document.Kind, document.IssueDate, document.Totals.NetCents, document.EnrolmentId, document.PublicBuyer);

    /// <summary>A credit note takes back what its invoice brought: it counts negative, in the year of its own date.</summary>
    public long SignedNetCents => Kind == DocumentKind.CreditNote ? -NetCents : NetCents;
}

/// <summary>A trainee of an enrolment, named by the same pseudonym the attendance summary uses.</summary>
public sealed record BpfTrainee(string TraineeKey, TraineeCategory Category);

/// <summary>
/// An enrolment as the BPF reads it: who pays (kind, public body), its trainees, its session's dates, whether it is
/// final (a confirmed place: one whose attendance is expected), and staff's correction of its class.
/// </summary>
public sealed record BpfEnrolment(
    string Id, string SessionId, string CourseSlug, DateOnly SessionStart, DateOnly SessionEnd, bool Final,
    PayerKind PayerKind, bool PublicBody, IReadOnlyList<BpfTrainee> Trainees, FundingClassCorrection? Correction)
{
    public static BpfEnrolment From(EnrolmentRecord record, DateOnly sessionStart, Func<string, string> traineeKey) =>
        new(record.Id, record.SessionId, record.CourseSlug, sessionStart, DateOnly.FromDateTime(record.SessionEnd.UtcDateTime),
            CancellationTerms.IsFinal(record.State), record.Payer.Kind, record.Payer.PublicBody is not null,
            [.. record.Trainees.Select(t => new BpfTrainee(traineeKey(t.Email), t.Category))], record.FundingCorrection);
}

/// <summary>Everything the BPF of <paramref name="Year"/> is computed from; <paramref name="Today"/> decides which sessions are past.</summary>
public sealed record BpfInputs(
    int Year,
    DateOnly Today,
    IReadOnlyList<BpfDocument> Documents,
    IReadOnlyList<BpfEnrolment> Enrolments,
    IReadOnlyList<SessionAttendance> Attendance,
    IReadOnlyDictionary<string, CourseBpf?> Courses);
