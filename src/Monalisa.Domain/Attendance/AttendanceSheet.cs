namespace Monalisa.Domain.Attendance;

/// <summary>Where a trainee signed: their own phone (with the room's code) or the signed-in trainer's device.</summary>
public enum SigningMeans { OwnDevice, TrainerDevice }

/// <summary>
/// A trainee's signature of one half-day: the ticked statement « Je soussigné·e … certifie être présent·e … », when,
/// where, and hashes of the exact statement and of the browser's user agent (the device, without keeping its text).
/// </summary>
public sealed record AttendanceSignature(
    string TraineeKey, string EnrolmentId, DateTimeOffset SignedAt, SigningMeans Means, string StatementSha256, string UserAgentSha256);

/// <summary>The trainer's mark on a trainee before countersigning: late (arrived at), left early (left at), or absent.</summary>
public sealed record AttendanceMark(string TraineeKey, PresenceKind Kind, TimeOnly? Time, string By, DateTimeOffset At);

/// <summary>
/// The certification of a half-day: <see cref="TrainerName"/> is the trainer who ran it (the signed-in trainer, or the
/// trainer named on a paper sheet when staff countersign it), <see cref="By"/> who did it in the product.
/// </summary>
public sealed record Countersignature(string TrainerName, string By, DateTimeOffset At);

/// <summary>One half-day of a session as the room lives it: opened, signed, marked, then countersigned (frozen).</summary>
public sealed record HalfDaySheet(string HalfDayId)
{
    public DateTimeOffset? OpenedAt { get; init; }
    public string? OpenedBy { get; init; }
    /// <summary>The random secret the room's code is derived from (<see cref="AttendanceCode"/>), set when opened.</summary>
    public string? Secret { get; init; }
    public IReadOnlyList<AttendanceSignature> Signatures { get; init; } = [];
    public IReadOnlyList<AttendanceMark> Marks { get; init; } = [];
    public Countersignature? Countersignature { get; init; }

    public bool Opened => OpenedAt is not null;
    public bool Frozen => Countersignature is not null;
    public bool OpenForSigning => Opened && !Frozen;

    public AttendanceSignature? SignatureOf(string traineeKey) => Signatures.FirstOrDefault(s => s.TraineeKey == traineeKey);
    public AttendanceMark? MarkOf(string traineeKey) => Marks.LastOrDefault(m => m.TraineeKey == traineeKey);
}

/// <summary>
/// A staff correction of a countersigned half-day (a mistake, a paper sheet): its own logged row, never an edit of the
/// signatures. The latest correction of a trainee's half-day is what counts.
/// </summary>
public sealed record AttendanceCorrection(
    string HalfDayId, string EnrolmentId, string TraineeKey, PresenceKind Kind, TimeOnly? Time, string Reason, string By, DateTimeOffset At)
{
    /// <summary>The reason staff give when they copy a scanned paper sheet.</summary>
    public const string PaperSheet = "feuille papier";
}

/// <summary>A trainee of the session, as the attendance pages name them (the name never goes into the summary).</summary>
public sealed record SessionTrainee(string EnrolmentId, string TraineeKey, string FirstName, string LastName)
{
    public string FullName => $"{FirstName} {LastName}".Trim();
}
