using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Domain.Tests.AttendanceRules;

/// <summary>The attendance rules with a fake clock: when a half-day opens, when and how a trainee signs, marks, countersigning, corrections and the minutes counted.</summary>
public sealed class AttendanceDecisionsTests
{
    private static readonly Course Course = new CourseBuilder().WithSession("s1", new DateOnly(2027, 3, 16)).Build();
    private static readonly IReadOnlyList<HalfDay> HalfDays = HalfDay.Of(Course, Course.Sessions[0]);
    private static readonly HalfDay Morning = HalfDays[0];
    private static readonly HalfDay Afternoon = HalfDays[1];
    private static readonly SessionTrainee Anne = new("e1", "key-anne", "Anne", "Martin");
    private static readonly SessionTrainee Paul = new("e1", "key-paul", "Paul", "Durand");
    private static readonly string Secret = AttendanceCode.NewSecret();

    private static DateTimeOffset At(HalfDay h, int minutesFromStart) => h.StartsAt.AddMinutes(minutesFromStart);

    private static HalfDaySheet Opened(HalfDay h) => AttendanceDecisions.Open(h, new HalfDaySheet(h.Id), "Formatrice", Secret, At(h, -5)).Value!;

    private static AttendanceDecision<HalfDaySheet> SignWithCode(HalfDay h, HalfDaySheet sheet, SessionTrainee t, DateTimeOffset now, string? code = null) =>
        AttendanceDecisions.Sign(h, sheet, t, SigningMeans.OwnDevice, code ?? AttendanceCode.At(Secret, now), true, "sha-statement", "sha-ua", now);

    [Fact]
    public void The_half_days_of_the_two_day_course_are_four_of_three_and_a_half_hours()
    {
        Assert.Equal(["2027-03-16-matin", "2027-03-16-apres-midi", "2027-03-17-matin", "2027-03-17-apres-midi"], HalfDays.Select(h => h.Id));
        Assert.All(HalfDays, h => Assert.Equal(210, h.Minutes));
    }

    [Theory]
    [InlineData(-31, false)]
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(210, true)]
    [InlineData(211, false)]
    public void A_half_day_opens_from_thirty_minutes_before_its_start_until_its_end(int minutes, bool opens)
    {
        var decision = AttendanceDecisions.Open(Morning, new HalfDaySheet(Morning.Id), "Formatrice", Secret, At(Morning, minutes));
        Assert.Equal(opens, !decision.Refused);
        if (opens) Assert.Equal(Secret, decision.Value!.Secret);
        else Assert.Equal(minutes < 0 ? AttendanceMessages.TooEarlyToOpen : AttendanceMessages.TooLateToOpen, decision.Refusal);
    }

    [Fact]
    public void A_trainee_signs_with_the_current_code_and_the_signature_keeps_time_means_and_hashes()
    {
        var now = At(Morning, 2);
        var decision = SignWithCode(Morning, Opened(Morning), Anne, now);
        var signature = Assert.Single(decision.Value!.Signatures);
        Assert.Equal((Anne.TraineeKey, now, SigningMeans.OwnDevice, "sha-statement", "sha-ua"),
            (signature.TraineeKey, signature.SignedAt, signature.Means, signature.StatementSha256, signature.UserAgentSha256));
    }

    [Fact]
    public void The_previous_minutes_code_is_accepted_and_an_older_one_is_refused()
    {
        var now = At(Morning, 10);
        Assert.False(SignWithCode(Morning, Opened(Morning), Anne, now, AttendanceCode.At(Secret, now.AddSeconds(-60))).Refused);
        var expired = SignWithCode(Morning, Opened(Morning), Anne, now, AttendanceCode.At(Secret, now.AddSeconds(-120)));
        Assert.Equal((AttendanceDecisions.CodeField, AttendanceMessages.CodeWrong), (expired.Field, expired.Refusal));
    }

    [Fact]
    public void A_wrong_code_or_another_half_days_code_is_refused()
    {
        var now = At(Morning, 10);
        var right = AttendanceCode.At(Secret, now);
        var wrong = right == "000000" ? "111111" : "000000";
        Assert.Equal(AttendanceMessages.CodeWrong, SignWithCode(Morning, Opened(Morning), Anne, now, wrong).Refusal);
        Assert.Equal(AttendanceMessages.CodeWrong, SignWithCode(Morning, Opened(Morning), Anne, now, AttendanceCode.At(AttendanceCode.NewSecret(), now)).Refusal);
        Assert.Equal(AttendanceMessages.CodeWrong, SignWithCode(Morning, Opened(Morning), Anne, now, "12a456").Refusal);
    }

    [Fact]
    public void Signing_needs_the_ticked_statement()
    {
        var now = At(Morning, 1);
        var decision = AttendanceDecisions.Sign(Morning, Opened(Morning), Anne, SigningMeans.OwnDevice, AttendanceCode.At(Secret, now), false, "s", "u", now);
        Assert.Equal((AttendanceDecisions.StatementField, AttendanceMessages.StatementRequired), (decision.Field, decision.Refusal));
    }

    [Theory]
    [InlineData(-31, false)]
    [InlineData(-30, true)]
    [InlineData(240, true)]
    [InlineData(241, false)]
    public void Signatures_are_accepted_from_thirty_minutes_before_the_start_to_thirty_minutes_after_the_end(int minutes, bool accepted)
    {
        var sheet = new HalfDaySheet(Morning.Id) { OpenedAt = At(Morning, -40), Secret = Secret };
        var decision = SignWithCode(Morning, sheet, Anne, At(Morning, minutes));
        Assert.Equal(accepted, !decision.Refused);
        if (!accepted) Assert.Equal(AttendanceMessages.OutsideWindow, decision.Refusal);
    }

    [Fact]
    public void A_half_day_not_opened_refuses_signatures()
    {
        var decision = SignWithCode(Morning, new HalfDaySheet(Morning.Id), Anne, At(Morning, 5), "123456");
        Assert.Equal(AttendanceMessages.NotOpen, decision.Refusal);
    }

    [Fact]
    public void On_the_trainers_device_no_code_is_asked()
    {
        var decision = AttendanceDecisions.Sign(Morning, Opened(Morning), Anne, SigningMeans.TrainerDevice, null, true, "s", "u", At(Morning, 5));
        Assert.Equal(SigningMeans.TrainerDevice, Assert.Single(decision.Value!.Signatures).Means);
    }

    [Fact]
    public void After_the_countersignature_signing_and_marking_are_refused()
    {
        var signed = SignWithCode(Morning, Opened(Morning), Anne, At(Morning, 1)).Value!;
        var frozen = AttendanceDecisions.Countersign(Morning, signed, "Formatrice", "Formatrice", At(Morning, 200)).Value!;

        Assert.Equal(AttendanceMessages.Frozen, SignWithCode(Morning, frozen, Paul, At(Morning, 205)).Refusal);
        Assert.Equal(AttendanceMessages.Frozen, AttendanceDecisions.Mark(Morning, frozen, Anne, PresenceKind.Absent, null, "F", At(Morning, 205)).Refusal);
        Assert.Equal(AttendanceMessages.Frozen, AttendanceDecisions.Countersign(Morning, frozen, "Autre", "Autre", At(Morning, 205)).Refusal);
    }

    [Fact]
    public void A_half_day_cannot_be_countersigned_before_it_starts()
    {
        Assert.Equal(AttendanceMessages.TooEarlyToCountersign, AttendanceDecisions.Countersign(Morning, Opened(Morning), "F", "F", At(Morning, -1)).Refusal);
    }

    [Fact]
    public void Late_and_left_early_count_from_arrival_and_until_departure_and_unsigned_counts_zero()
    {
        var sheet = Opened(Morning);
        sheet = SignWithCode(Morning, sheet, Anne, At(Morning, 1)).Value!;
        sheet = SignWithCode(Morning, sheet, Paul, At(Morning, 2)).Value!;
        sheet = AttendanceDecisions.Mark(Morning, sheet, Anne, PresenceKind.Late, new TimeOnly(9, 45), "F", At(Morning, 50)).Value!;
        sheet = AttendanceDecisions.Mark(Morning, sheet, Paul, PresenceKind.LeftEarly, new TimeOnly(11, 0), "F", At(Morning, 130)).Value!;
        var carla = new SessionTrainee("e2", "key-carla", "Carla", "Petit");
        sheet = AttendanceDecisions.Countersign(Morning, sheet, "Formatrice", "Formatrice", At(Morning, 210)).Value!;

        var summary = AttendanceDecisions.Summarise("c", "s1", HalfDays, [Anne, Paul, carla], [sheet], [], 1, null);

        var anne = summary.Trainee("e1", "key-anne")!.HalfDays.Single();
        Assert.Equal((PresenceKind.Late, 165, new TimeOnly(9, 45)), (anne.Kind, anne.Minutes, anne.From));
        var paul = summary.Trainee("e1", "key-paul")!.HalfDays.Single();
        Assert.Equal((PresenceKind.LeftEarly, 120, new TimeOnly(11, 0)), (paul.Kind, paul.Minutes, paul.Until));
        Assert.Equal((PresenceKind.Absent, 0), (summary.Trainee("e2", "key-carla")!.HalfDays.Single().Kind, summary.Trainee("e2", "key-carla")!.MinutesAttended));
        var trainer = Assert.Single(summary.Trainers);
        Assert.Equal(("Formatrice", Morning.Id, 210), (trainer.Name, Assert.Single(trainer.HalfDayIds), trainer.Minutes));
    }

    [Fact]
    public void A_mark_time_outside_the_half_day_is_refused()
    {
        var decision = AttendanceDecisions.Mark(Morning, Opened(Morning), Anne, PresenceKind.Late, new TimeOnly(13, 0), "F", At(Morning, 5));
        Assert.Equal((AttendanceDecisions.TimeField, AttendanceMessages.TimeOutside), (decision.Field, decision.Refusal));
        Assert.Equal(AttendanceMessages.TimeRequired, AttendanceDecisions.Mark(Morning, Opened(Morning), Anne, PresenceKind.LeftEarly, null, "F", At(Morning, 5)).Refusal);
    }

    [Fact]
    public void Absent_one_afternoon_of_the_two_day_course_attends_ten_and_a_half_hours_of_fourteen()
    {
        var sheets = HalfDays.Select(h =>
        {
            var sheet = Opened(h);
            if (h != Afternoon) sheet = SignWithCode(h, sheet, Anne, At(h, 3)).Value!;
            return AttendanceDecisions.Countersign(h, sheet, "Formatrice", "Formatrice", At(h, 210)).Value!;
        }).ToList();

        var summary = AttendanceDecisions.Summarise("c", "s1", HalfDays, [Anne], sheets, [], 1, null);

        Assert.Equal(840, summary.PlannedMinutes);
        Assert.Equal(630, summary.Trainees.Single().MinutesAttended);
        Assert.Equal(10.5m, summary.Trainees.Single().HoursAttended);
        Assert.Equal("10\u00a0h\u00a030", Text.FrenchFormat.Duration(summary.Trainees.Single().MinutesAttended));
        Assert.Equal(840, Assert.Single(summary.Trainers).Minutes);
    }

    [Fact]
    public void Only_countersigned_half_days_are_published()
    {
        var signed = SignWithCode(Morning, Opened(Morning), Anne, At(Morning, 1)).Value!;
        var summary = AttendanceDecisions.Summarise("c", "s1", HalfDays, [Anne], [signed], [], 1, null);
        Assert.Empty(summary.Trainees.Single().HalfDays);
        Assert.Empty(summary.Trainers);
    }

    [Fact]
    public void A_staff_correction_needs_a_countersigned_half_day_and_a_reason_and_then_changes_the_hours()
    {
        var opened = Opened(Afternoon);
        Assert.Equal(AttendanceMessages.NotFrozenYet, AttendanceDecisions.Correct(Afternoon, opened, Anne, PresenceKind.Present, null, "feuille papier", "Staff", At(Afternoon, 300)).Refusal);
        var frozen = AttendanceDecisions.Countersign(Afternoon, opened, "Formatrice", "Formatrice", At(Afternoon, 210)).Value!;
        Assert.Equal(AttendanceMessages.ReasonRequired, AttendanceDecisions.Correct(Afternoon, frozen, Anne, PresenceKind.Present, null, "  ", "Staff", At(Afternoon, 300)).Refusal);

        var correction = AttendanceDecisions.Correct(Afternoon, frozen, Anne, PresenceKind.Late, new TimeOnly(14, 0), AttendanceCorrection.PaperSheet, "Staff", At(Afternoon, 300)).Value!;
        var summary = AttendanceDecisions.Summarise("c", "s1", HalfDays, [Anne], [frozen], [correction], 2, null);

        var presence = summary.Trainees.Single().HalfDays.Single();
        Assert.Equal((PresenceKind.Late, 180, true), (presence.Kind, presence.Minutes, presence.Corrected));
    }

    [Fact]
    public void The_session_closes_only_when_every_half_day_is_countersigned()
    {
        var frozen = HalfDays.Take(3).Select(h => AttendanceDecisions.Countersign(h, Opened(h), "F", "F", At(h, 210)).Value!).ToList();
        var summary = AttendanceDecisions.Summarise("c", "s1", HalfDays, [Anne], frozen, [], 1, null);
        var now = At(HalfDays[3], 220);
        Assert.Equal(AttendanceMessages.NotAllCountersigned, AttendanceDecisions.Close(summary, frozen, now).Refusal);

        var all = frozen.Append(AttendanceDecisions.Countersign(HalfDays[3], Opened(HalfDays[3]), "F", "F", At(HalfDays[3], 210)).Value!).ToList();
        Assert.Equal(now, AttendanceDecisions.Close(summary, all, now).Value!.ClosedAt);
    }

    [Fact]
    public void The_code_changes_every_minute_and_has_six_digits()
    {
        var now = At(Morning, 0);
        var codes = Enumerable.Range(0, 10).Select(i => AttendanceCode.At(Secret, now.AddMinutes(i))).ToList();
        Assert.All(codes, c => Assert.Matches("^[0-9]{6}$", c));
        Assert.True(codes.Distinct().Count() >= 8);
        Assert.True(AttendanceCode.Accepts(Secret, codes[0][..3] + " " + codes[0][3..], now));
    }
}
