namespace Monalisa.Domain.Attendance;

/// <summary>How a trainee's presence on a half-day was established, once the trainer countersigned it.</summary>
public enum PresenceKind
{
    /// <summary>Signed for the whole half-day.</summary>
    Present,
    /// <summary>Signed, arrived after the start: minutes count from <see cref="HalfDayPresence.From"/>.</summary>
    Late,
    /// <summary>Signed, left before the end: minutes count up to <see cref="HalfDayPresence.Until"/>.</summary>
    LeftEarly,
    /// <summary>No signature and no correction: counts zero.</summary>
    Absent,
}

/// <summary>
/// One trainee on one countersigned half-day. <see cref="Minutes"/> is what certificates and the BPF count: a half-day
/// without a signature or a staff correction counts zero, never the planned time.
/// </summary>
public sealed record HalfDayPresence(string HalfDayId, PresenceKind Kind, int Minutes)
{
    /// <summary>Late arrival, local time; null otherwise.</summary>
    public TimeOnly? From { get; init; }
    /// <summary>Early departure, local time; null otherwise.</summary>
    public TimeOnly? Until { get; init; }
    /// <summary>Set by a logged staff correction (paper sheet, mistake), not by the trainee's own signature.</summary>
    public bool Corrected { get; init; }
}

/// <summary>
/// One trainee of the session, named by enrolment and by <see cref="TraineeKey"/> (a keyed hash of the address, the same
/// one the enrolment's trainee lock uses), so that the summary carries no name: certificates take the name from the
/// enrolment, the BPF needs none.
/// </summary>
public sealed record TraineeAttendance(string EnrolmentId, string TraineeKey, IReadOnlyList<HalfDayPresence> HalfDays)
{
    public int MinutesAttended => HalfDays.Sum(h => h.Minutes);
    public decimal HoursAttended => MinutesAttended / 60m;
}

/// <summary>Who countersigned which half-days: section E of the BPF counts trainers and their hours from it.</summary>
public sealed record TrainerAttendance(string Name, IReadOnlyList<string> HalfDayIds, int Minutes);

/// <summary>
/// The attendance of a session as the Attendance feature publishes it to the rest of the product (certificates, BPF,
/// staff pages): only countersigned half-days, frozen. <see cref="Version"/> grows with every logged correction, so a
/// certificate issued from version n can be reissued once when version n + 1 changes the hours.
/// </summary>
public sealed record SessionAttendance(
    string CourseSlug,
    string SessionId,
    IReadOnlyList<HalfDay> HalfDays,
    IReadOnlyList<TraineeAttendance> Trainees,
    IReadOnlyList<TrainerAttendance> Trainers,
    int Version)
{
    /// <summary>Set when the trainer closed the session (every half-day countersigned): certificates are issued from then on.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public bool Closed => ClosedAt is not null;

    /// <summary>The planned minutes of the whole session: what a trainee present throughout attends.</summary>
    public int PlannedMinutes => HalfDays.Sum(h => h.Minutes);

    public TraineeAttendance? Trainee(string enrolmentId, string traineeKey) =>
        Trainees.FirstOrDefault(t => t.EnrolmentId == enrolmentId && t.TraineeKey == traineeKey);
}
