using Monalisa.Domain.Attendance;
using Monalisa.Domain.Bpf;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Timeline;

namespace Monalisa.Domain.Tests.Bpf;

/// <summary>
/// The BPF of a scripted year (2031) against a computation by hand, written out below. Half-days are 3 h 30 (210 min):
/// a two-day session is 4 half-days, 840 min.
/// </summary>
public sealed class BpfCalculatorTests
{
    private const string Course = "cours-bpf";
    private static readonly CourseBpf Facts = new(BpfObjective.D, "332", "Travail social");
    private static readonly DateOnly Today = new(2032, 2, 1);

    // S1: 10–11 March 2031. S2: 31 December 2030 and 2 January 2031 (straddles the year).
    private static readonly HalfDay[] S1 = Days(new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 11));
    private static readonly HalfDay[] S2 = Days(new DateOnly(2030, 12, 31), new DateOnly(2031, 1, 2));

    private static HalfDay[] Days(params DateOnly[] dates) =>
        [.. dates.SelectMany(d => new[] { new HalfDay(d, HalfDayPart.Morning, new(9, 0), new(12, 30)), new HalfDay(d, HalfDayPart.Afternoon, new(13, 30), new(17, 0)) })];

    private static TraineeAttendance Attended(string enrolment, string key, HalfDay[] halfDays, params int[] absentAt) =>
        new(enrolment, key, [.. halfDays.Select((h, i) => absentAt.Contains(i)
            ? new HalfDayPresence(h.Id, PresenceKind.Absent, 0)
            : new HalfDayPresence(h.Id, PresenceKind.Present, h.Minutes))]);

    private static BpfEnrolment Enrolment(string id, string session, PayerKind payer, params BpfTrainee[] trainees) =>
        new(id, session, Course, session == "s1" ? new(2031, 3, 10) : new(2030, 12, 31), session == "s1" ? new(2031, 3, 11) : new(2031, 1, 2),
            true, payer, false, trainees, null);

    private static BpfTrainee Pro(string key) => new(key, TraineeCategory.Professional);

    private static BpfDocument Invoice(string number, string enrolment, long net, DateOnly on) => new(number, DocumentKind.Invoice, on, net, enrolment, false);

    private static readonly DateOnly March12 = new(2031, 3, 12);

    private static BpfInputs Year(FundingClassCorrection? e5Correction = null)
    {
        var company = Enrolment("e1", "s1", PayerKind.Organisation, Pro("a"), Pro("b"));
        var publicBody = Enrolment("e2", "s1", PayerKind.Organisation, Pro("c")) with { PublicBody = true };
        var self = Enrolment("e3", "s2", PayerKind.Individual, Pro("d"));
        var volunteers = Enrolment("e4", "s1", PayerKind.Organisation, new BpfTrainee("v", TraineeCategory.Volunteer));
        var corrected = Enrolment("e5", "s1", PayerKind.Organisation, Pro("p")) with { Correction = e5Correction };
        var noShow = Enrolment("e6", "s1", PayerKind.Organisation, Pro("q"));
        var cancelled = Enrolment("e7", "s1", PayerKind.Organisation, Pro("r")) with { Final = false };

        BpfDocument[] documents =
        [
            Invoice("F-2031-000001", "e1", 70000, March12),
            new("A-2031-000001", DocumentKind.CreditNote, new(2031, 4, 1), 10000, "e1", false),
            Invoice("F-2031-000002", "e2", 50000, March12) with { PublicBuyer = true },
            Invoice("F-2030-000009", "e3", 30000, new(2030, 12, 1)), // last year's income
            Invoice("F-2031-000003", "e4", 30000, March12),
            Invoice("F-2031-000004", "e5", 50000, March12),
            Invoice("F-2031-000005", "inconnue", 12345, new(2031, 5, 1)),
            Invoice("F-2032-000001", "e1", 99900, new(2032, 1, 5)), // next year's income
        ];
        SessionAttendance[] attendance =
        [
            new(Course, "s1", S1,
                [Attended("e1", "a", S1), Attended("e1", "b", S1, absentAt: 3), Attended("e2", "c", S1), Attended("e4", "v", S1), Attended("e5", "p", S1)],
                [new TrainerAttendance("Claire Martin", [.. S1.Select(h => h.Id)], 840)], 1),
            new(Course, "s2", S2,
                [Attended("e3", "d", S2, absentAt: 3)],
                [new TrainerAttendance("Paul Roux", [.. S2.Select(h => h.Id)], 840)], 1),
        ];
        return new BpfInputs(2031, Today, documents, [company, publicBody, self, volunteers, corrected, noShow, cancelled], attendance,
            new Dictionary<string, CourseBpf?> { [Course] = Facts });
    }

    [Fact]
    public void The_figures_of_a_scripted_year_equal_the_hand_computation()
    {
        var correction = new FundingClassCorrection(FundingClass.Opco, "Subrogation : l'OPCO paie directement", "Équipe", Today.ToDateTime(TimeOnly.MinValue));
        var report = BpfCalculator.Compute(Year(correction));

        // C — C1: e1's invoice 700 € minus its credit note 100 € (2032's invoice excluded); C2: e5, corrected to OPCO, 500 €;
        // C3: e2, public body, 500 €; C9: e3 invoiced in 2030, 0 €; C11: e4, an organisation paying for a volunteer, 300 €.
        Assert.Equal([("C1", 60000L), ("C2", 50000L), ("C3", 50000L), ("C9", 0L), ("C11", 30000L)], report.Income.Select(l => (l.Code, l.NetCents)));
        Assert.Equal(190000L, report.IncomeTotalCents);

        // F-1 — a: a 840 + b 630 (absent one afternoon) + p 840 (OPCO-funded employee) = 3 trainees, 2 310 min;
        // d: d attended 2 January's morning only in 2031 (the afternoon absent, 31 December in 2030) = 1, 210 min;
        // e: c the public agent 840 + v the volunteer 840 = 2, 1 680 min. q (no attendance) and r (cancelled) count nowhere.
        Assert.Equal([("a", 3, 2310), ("d", 1, 210), ("e", 2, 1680)], report.TraineeKinds.Select(l => (l.Code, l.Trainees, l.Minutes)));
        Assert.Equal((6, 4200), (report.TraineeTotal.Trainees, report.TraineeTotal.Minutes));

        // E — Claire Martin's 4 half-days of S1 (840) + Paul Roux's 2 half-days of S2 in 2031 (420).
        Assert.Equal(new TrainerLine(2, 1260), report.Trainers);

        // F-3 and F-4: every trainee of the year is on the one course, objective d, NSF 332.
        Assert.Equal([("d", 6, 4200)], report.Objectives.Select(l => (l.Code, l.Trainees, l.Minutes)));
        Assert.Equal([("332", "Travail social", 6, 4200)], report.Specialities.Select(l => (l.Code, l.Label, l.Trainees, l.Minutes)));

        Assert.Equal(
            [(BpfAnomalyKind.DocumentWithoutClass, "F-2031-000005"), (BpfAnomalyKind.SessionStraddlesYears, "s2"),
             (BpfAnomalyKind.EnrolmentWithoutAttendance, "e6"), (BpfAnomalyKind.VolunteersClassedOther, "e4")],
            report.Anomalies.Select(a => (a.Kind, a.Reference)));
    }

    [Fact]
    public void Without_the_correction_the_enrolment_goes_back_to_its_payer_class()
    {
        var report = BpfCalculator.Compute(Year());

        Assert.Equal(0L, report.Income.Single(l => l.Code == "C2").NetCents);
        Assert.Equal(110000L, report.Income.Single(l => l.Code == "C1").NetCents);
        var e5 = report.Enrolments.Single(e => e.Id == "e5");
        Assert.Equal((FundingClass.Company, FundingClass.Company, 50000L, 1, 840), (e5.Class, e5.DefaultClass, e5.NetCents, e5.Trainees, e5.Minutes));
    }

    [Fact]
    public void The_previous_year_counts_the_first_half_of_the_straddling_session_only()
    {
        var report = BpfCalculator.Compute(Year() with { Year = 2030 });

        // 31 December 2030: d's two half-days (420 min), Paul Roux's too; 2030's invoice of e3 is C9.
        Assert.Equal([("a", 0, 0), ("d", 1, 420), ("e", 0, 0)], report.TraineeKinds.Select(l => (l.Code, l.Trainees, l.Minutes)));
        Assert.Equal(new TrainerLine(1, 420), report.Trainers);
        Assert.Equal(30000L, report.Income.Single(l => l.Code == "C9").NetCents);
        Assert.Contains(report.Anomalies, a => a is { Kind: BpfAnomalyKind.SessionStraddlesYears, Reference: "s2" });
    }

    [Theory]
    [InlineData(PayerKind.Organisation, false, TraineeCategory.Professional, FundingClass.Company, "a")]
    [InlineData(PayerKind.Organisation, true, TraineeCategory.Professional, FundingClass.PublicBody, "e")]
    [InlineData(PayerKind.Individual, false, TraineeCategory.Professional, FundingClass.Individual, "d")]
    [InlineData(PayerKind.Individual, false, TraineeCategory.Volunteer, FundingClass.Individual, "d")]
    [InlineData(PayerKind.Organisation, false, TraineeCategory.Volunteer, FundingClass.Other, "e")]
    public void The_default_class_comes_from_the_payer_and_the_trainee_kind_from_the_class(
        PayerKind payer, bool publicBody, TraineeCategory category, FundingClass expected, string kind)
    {
        var enrolment = new BpfEnrolment("x", "s", Course, Today, Today, true, payer, publicBody, [new BpfTrainee("k", category)], null);

        Assert.Equal(expected, BpfCalculator.DefaultClass(enrolment));
        Assert.Equal(kind, BpfCalculator.TraineeKind(expected, category));
    }

    [Fact]
    public void A_class_correction_needs_a_reason_is_recorded_with_who_and_when_and_logged_in_the_timeline()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.Confirmed).Build();
        var now = EnrolmentBuilder.Now;

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.FundingClassCorrected(FundingClass.Opco, "  ", "Lou"), now));
        var command = new EnrolmentCommand.FundingClassCorrected(FundingClass.Opco, " Subrogation OPCO ", "Lou");
        var after = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(before, command, now)).Change.After;

        Assert.Equal(new FundingClassCorrection(FundingClass.Opco, "Subrogation OPCO", "Lou", now), after.FundingCorrection);
        Assert.Equal(before.State, after.State);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(after, command, now));
        Assert.Equal(new Dictionary<string, string> { ["class"] = "Opco", ["reason"] = "Subrogation OPCO" }, TimelineDetail.Of(command));
        Assert.Equal((FundingClass.Opco, "(anonymisé)"), (after.Anonymised(now).FundingCorrection!.Class, after.Anonymised(now).FundingCorrection!.Reason));
    }

    [Fact]
    public void Erasing_the_payer_removes_the_correction_reason_and_keeps_the_class()
    {
        var now = EnrolmentBuilder.Now;
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.Confirmed).PaidBy("payeur@exemple.org").Build() with
        {
            SessionEnd = now.AddDays(-30),
            FundingCorrection = new FundingClassCorrection(FundingClass.Opco, "Payé par l'OPCO de Mme Payeur", "Lou", now),
        };

        var erased = Assert.IsType<Monalisa.Domain.Privacy.Erasure.Erased>(Monalisa.Domain.Privacy.PersonalData.Erase(enrolment, "payeur@exemple.org", now));

        Assert.Equal((FundingClass.Opco, Monalisa.Domain.Privacy.PersonalData.Removed), (erased.After.FundingCorrection!.Class, erased.After.FundingCorrection.Reason));
    }
}
