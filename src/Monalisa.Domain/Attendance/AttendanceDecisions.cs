namespace Monalisa.Domain.Attendance;

/// <summary>What an attendance action decided: the new state, or a refusal with the field it is about and a French message.</summary>
public sealed record AttendanceDecision<T>(T? Value, string? Field, string? Refusal) where T : class
{
    public bool Refused => Refusal is not null;
    public static AttendanceDecision<T> Accept(T value) => new(value, null, null);
    public static AttendanceDecision<T> Refuse(string field, string message) => new(null, field, message);
}

/// <summary>
/// The rules of the electronic attendance sheet (émargement), one half-day at a time. A half-day opens from 30 minutes
/// before its start until its end; trainees sign while it is open and within [start − 30 min, end + 30 min], with the
/// room's code on their own phone or on the signed-in trainer's device; the trainer marks late arrivals and early
/// departures, then countersigns, and the half-day is frozen: only a logged staff correction changes it afterwards.
/// </summary>
public static class AttendanceDecisions
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(30);
    public const int ReasonMaxLength = 500;

    public const string CodeField = "code";
    public const string StatementField = "statement";
    public const string TimeField = "time";
    public const string KindField = "kind";
    public const string TrainerField = "trainer";
    public const string ReasonField = "reason";
    public const string HalfDayField = "halfDay";
    public const string TraineeField = "trainee";

    public static AttendanceDecision<HalfDaySheet> Open(HalfDay halfDay, HalfDaySheet sheet, string by, string secret, DateTimeOffset now)
    {
        if (sheet.Frozen) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.Frozen);
        if (sheet.Opened) return AttendanceDecision<HalfDaySheet>.Accept(sheet);
        if (now < halfDay.StartsAt - Margin) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.TooEarlyToOpen);
        if (now > halfDay.EndsAt) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.TooLateToOpen);
        return AttendanceDecision<HalfDaySheet>.Accept(sheet with { OpenedAt = now, OpenedBy = by, Secret = secret });
    }

    /// <summary>
    /// A trainee signs. On their own device the code must be the room's (current or previous step); on the trainer's
    /// device no code is asked, the signed-in trainer being there. Signing twice keeps the first signature.
    /// </summary>
    public static AttendanceDecision<HalfDaySheet> Sign(
        HalfDay halfDay, HalfDaySheet sheet, SessionTrainee trainee, SigningMeans means, string? code, bool statementTicked,
        string statementSha256, string userAgentSha256, DateTimeOffset now)
    {
        if (sheet.Frozen) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.Frozen);
        if (!sheet.Opened) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.NotOpen);
        if (now < halfDay.StartsAt - Margin || now > halfDay.EndsAt + Margin)
            return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.OutsideWindow);
        if (!statementTicked) return AttendanceDecision<HalfDaySheet>.Refuse(StatementField, AttendanceMessages.StatementRequired);
        if (means == SigningMeans.OwnDevice && !AttendanceCode.Accepts(sheet.Secret!, code, now))
            return AttendanceDecision<HalfDaySheet>.Refuse(CodeField, AttendanceMessages.CodeWrong);
        if (sheet.SignatureOf(trainee.TraineeKey) is not null) return AttendanceDecision<HalfDaySheet>.Accept(sheet);
        var signature = new AttendanceSignature(trainee.TraineeKey, trainee.EnrolmentId, now, means, statementSha256, userAgentSha256);
        return AttendanceDecision<HalfDaySheet>.Accept(sheet with { Signatures = [.. sheet.Signatures, signature] });
    }

    /// <summary>
    /// The trainer's mark before countersigning: <see cref="PresenceKind.Late"/> (arrival time), <see cref="PresenceKind.LeftEarly"/>
    /// (departure time), <see cref="PresenceKind.Absent"/>, or <see cref="PresenceKind.Present"/> to take a mark back.
    /// </summary>
    public static AttendanceDecision<HalfDaySheet> Mark(HalfDay halfDay, HalfDaySheet sheet, SessionTrainee trainee, PresenceKind kind, TimeOnly? time, string by, DateTimeOffset now)
    {
        if (sheet.Frozen) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.Frozen);
        if (CheckTime(halfDay, kind, time) is { } refusal) return AttendanceDecision<HalfDaySheet>.Refuse(TimeField, refusal);
        var marks = sheet.Marks.Where(m => m.TraineeKey != trainee.TraineeKey).ToList();
        if (kind != PresenceKind.Present) marks.Add(new AttendanceMark(trainee.TraineeKey, kind, Timed(kind, time), by, now));
        return AttendanceDecision<HalfDaySheet>.Accept(sheet with { Marks = marks });
    }

    /// <param name="trainerName">Who ran the half-day: the signed-in trainer, or the trainer named on a paper sheet.</param>
    public static AttendanceDecision<HalfDaySheet> Countersign(HalfDay halfDay, HalfDaySheet sheet, string? trainerName, string by, DateTimeOffset now)
    {
        if (sheet.Frozen) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.Frozen);
        if (now < halfDay.StartsAt) return AttendanceDecision<HalfDaySheet>.Refuse(HalfDayField, AttendanceMessages.TooEarlyToCountersign);
        if (string.IsNullOrWhiteSpace(trainerName)) return AttendanceDecision<HalfDaySheet>.Refuse(TrainerField, AttendanceMessages.TrainerNameRequired);
        return AttendanceDecision<HalfDaySheet>.Accept(sheet with { Countersignature = new Countersignature(trainerName.Trim(), by, now) });
    }

    /// <summary>A staff correction of a countersigned half-day, with its reason: a new logged row.</summary>
    public static AttendanceDecision<AttendanceCorrection> Correct(
        HalfDay halfDay, HalfDaySheet sheet, SessionTrainee trainee, PresenceKind kind, TimeOnly? time, string? reason, string by, DateTimeOffset now)
    {
        if (!sheet.Frozen) return AttendanceDecision<AttendanceCorrection>.Refuse(HalfDayField, AttendanceMessages.NotFrozenYet);
        var why = reason?.Trim() ?? "";
        if (why.Length == 0) return AttendanceDecision<AttendanceCorrection>.Refuse(ReasonField, AttendanceMessages.ReasonRequired);
        if (why.Length > ReasonMaxLength) return AttendanceDecision<AttendanceCorrection>.Refuse(ReasonField, AttendanceMessages.ReasonTooLong);
        if (CheckTime(halfDay, kind, time) is { } refusal) return AttendanceDecision<AttendanceCorrection>.Refuse(TimeField, refusal);
        return AttendanceDecision<AttendanceCorrection>.Accept(new AttendanceCorrection(halfDay.Id, trainee.EnrolmentId, trainee.TraineeKey, kind, Timed(kind, time), why, by, now));
    }

    /// <summary>The session closes once every half-day is countersigned; closing twice keeps the first date.</summary>
    public static AttendanceDecision<SessionAttendance> Close(SessionAttendance summary, IReadOnlyList<HalfDaySheet> sheets, DateTimeOffset now)
    {
        if (summary.Closed) return AttendanceDecision<SessionAttendance>.Accept(summary);
        var frozen = sheets.Where(s => s.Frozen).Select(s => s.HalfDayId).ToHashSet();
        if (!summary.HalfDays.All(h => frozen.Contains(h.Id))) return AttendanceDecision<SessionAttendance>.Refuse(HalfDayField, AttendanceMessages.NotAllCountersigned);
        return AttendanceDecision<SessionAttendance>.Accept(summary with { ClosedAt = now });
    }

    /// <summary>The minutes a presence of <paramref name="kind"/> counts on <paramref name="halfDay"/>.</summary>
    public static HalfDayPresence Presence(HalfDay halfDay, PresenceKind kind, TimeOnly? time, bool corrected) => kind switch
    {
        PresenceKind.Present => new HalfDayPresence(halfDay.Id, kind, halfDay.Minutes) { Corrected = corrected },
        PresenceKind.Late => new HalfDayPresence(halfDay.Id, kind, Between(time!.Value, halfDay.End)) { From = time, Corrected = corrected },
        PresenceKind.LeftEarly => new HalfDayPresence(halfDay.Id, kind, Between(halfDay.Start, time!.Value)) { Until = time, Corrected = corrected },
        _ => new HalfDayPresence(halfDay.Id, PresenceKind.Absent, 0) { Corrected = corrected },
    };

    /// <summary>
    /// The published attendance: countersigned half-days only. A trainee's half-day is their latest correction if any,
    /// else their signature with the trainer's mark, else absent (zero minutes).
    /// </summary>
    public static SessionAttendance Summarise(
        string courseSlug, string sessionId, IReadOnlyList<HalfDay> halfDays, IReadOnlyList<SessionTrainee> trainees,
        IReadOnlyList<HalfDaySheet> sheets, IReadOnlyList<AttendanceCorrection> corrections, int version, DateTimeOffset? closedAt)
    {
        var frozen = halfDays.Select(h => (HalfDay: h, Sheet: sheets.FirstOrDefault(s => s.HalfDayId == h.Id)))
            .Where(x => x.Sheet is { Frozen: true }).ToList();
        var rows = trainees.Select(t => new TraineeAttendance(t.EnrolmentId, t.TraineeKey,
            [.. frozen.Select(x => PresenceOf(x.HalfDay, x.Sheet!, t, corrections))])).ToList();
        var trainers = frozen.GroupBy(x => x.Sheet!.Countersignature!.TrainerName, StringComparer.Ordinal)
            .Select(g => new TrainerAttendance(g.Key, [.. g.Select(x => x.HalfDay.Id)], g.Sum(x => x.HalfDay.Minutes))).ToList();
        return new SessionAttendance(courseSlug, sessionId, halfDays, rows, trainers, version) { ClosedAt = closedAt };
    }

    private static HalfDayPresence PresenceOf(HalfDay halfDay, HalfDaySheet sheet, SessionTrainee trainee, IReadOnlyList<AttendanceCorrection> corrections)
    {
        var correction = corrections.Where(c => c.HalfDayId == halfDay.Id && c.TraineeKey == trainee.TraineeKey && c.EnrolmentId == trainee.EnrolmentId)
            .OrderBy(c => c.At).LastOrDefault();
        if (correction is not null) return Presence(halfDay, correction.Kind, correction.Time, corrected: true);
        if (sheet.SignatureOf(trainee.TraineeKey) is null) return Presence(halfDay, PresenceKind.Absent, null, corrected: false);
        return sheet.MarkOf(trainee.TraineeKey) is { } mark
            ? Presence(halfDay, mark.Kind, mark.Time, corrected: false)
            : Presence(halfDay, PresenceKind.Present, null, corrected: false);
    }

    private static string? CheckTime(HalfDay halfDay, PresenceKind kind, TimeOnly? time)
    {
        if (kind is not (PresenceKind.Late or PresenceKind.LeftEarly)) return null;
        if (time is null) return AttendanceMessages.TimeRequired;
        return time <= halfDay.Start || time >= halfDay.End ? AttendanceMessages.TimeOutside : null;
    }

    private static TimeOnly? Timed(PresenceKind kind, TimeOnly? time) => kind is PresenceKind.Late or PresenceKind.LeftEarly ? time : null;

    private static int Between(TimeOnly from, TimeOnly to) => Math.Max(0, (int)(to - from).TotalMinutes);
}
