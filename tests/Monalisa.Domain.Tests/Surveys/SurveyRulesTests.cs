using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Surveys;

namespace Monalisa.Domain.Tests.Surveys;

public sealed class SurveyRulesTests
{
    private static readonly Course Course = new CourseBuilder().Days(2).WithSession("s1", new DateOnly(2027, 3, 16)).Build() with { Objectives = ["Cartographier", "Animer"] };
    private static CourseSession Session => Course.Sessions[0];

    private static DatedAnswer Hot(int overall, DateOnly start, DateOnly end) =>
        new("s", Course.Slug, start, end, new SurveyAnswer(new Dictionary<string, int> { ["global"] = overall }, null));

    private static Dictionary<string, string?> Complete(Questionnaire q, string value = "4") =>
        q.Questions.Where(x => x.Scale != QuestionScale.Text).ToDictionary(x => x.Id, x => (string?)(x.Scale == QuestionScale.Mastery ? "3" : value));

    [Fact]
    public void The_satisfaction_rate_is_the_share_of_overall_answers_of_4_or_5_with_its_respondents_period_and_date()
    {
        var now = new DateTimeOffset(2027, 7, 1, 8, 0, 0, TimeSpan.Zero);
        var rate = SatisfactionRate.Compute(
            [Hot(5, new(2027, 3, 16), new(2027, 3, 17)), Hot(4, new(2027, 6, 1), new(2027, 6, 2)), Hot(3, new(2027, 3, 16), new(2027, 3, 17))], now)!;
        Assert.Equal(67, rate.Percent);
        Assert.Equal(3, rate.Respondents);
        Assert.Equal(2, rate.Satisfied);
        Assert.Equal(new DateOnly(2027, 3, 16), rate.PeriodStart);
        Assert.Equal(new DateOnly(2027, 6, 2), rate.PeriodEnd);
        Assert.Equal(now, rate.ComputedAt);
    }

    [Fact]
    public void No_answer_gives_no_rate_to_publish()
    {
        Assert.Null(SatisfactionRate.Compute([], DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void The_acquisition_is_the_mean_before_and_after_per_objective()
    {
        var before = new[] { new SurveyAnswer(new Dictionary<string, int> { ["objectif-1"] = 1, ["objectif-2"] = 2 }, null), new SurveyAnswer(new Dictionary<string, int> { ["objectif-1"] = 2, ["objectif-2"] = 2 }, null) };
        var after = new[] { new SurveyAnswer(new Dictionary<string, int> { ["objectif-1"] = 3, ["objectif-2"] = 4 }, null) };
        var progress = ObjectiveProgress.Compute(Course, before, after);
        Assert.Equal([1.5m, 2m], progress.Select(p => p.Before!.Value));
        Assert.Equal([3m, 4m], progress.Select(p => p.After!.Value));
        Assert.Equal("Cartographier", progress[0].Objective);
    }

    [Fact]
    public void The_hot_questionnaire_asks_five_scales_each_objective_after_and_free_text()
    {
        var q = Questionnaire.For(SurveyKind.Hot, Course);
        Assert.Equal(["objectifs", "contenu", "formateurs", "organisation", "global", "objectif-1", "objectif-2", "commentaire"], q.Questions.Select(x => x.Id));
        Assert.Equal(["Je ne sais pas", "J'ai des notions", "Je sais faire", "Je maîtrise"], Questionnaire.MasteryScale.Select(c => c.Label));
        Assert.All(Questionnaire.For(SurveyKind.Positioning, Course).Questions.Where(x => x.Scale != QuestionScale.Text), x => Assert.Equal(QuestionScale.Mastery, x.Scale));
    }

    [Fact]
    public void An_answer_needs_every_scale_within_its_range_and_bounded_free_text_one_french_message_per_field()
    {
        var q = Questionnaire.For(SurveyKind.Hot, Course);
        var form = Complete(q);
        form["global"] = "6";
        form["objectif-1"] = "5";
        form.Remove("contenu");
        form["commentaire"] = new string('a', Questionnaire.MaxCommentLength + 1);
        var errors = Assert.IsType<ValidationOutcome<SurveyAnswer>.Invalid>(SurveyAnswer.Check(q, form)).Errors.ToDictionary();
        Assert.Equal(["Choisissez une réponse entre 1 et 5."], errors["global"]);
        Assert.Equal(["Choisissez une réponse entre 1 et 4."], errors["objectif-1"]);
        Assert.Equal(["Choisissez une réponse."], errors["contenu"]);
        Assert.Contains("2000 caractères", errors["commentaire"][0]);

        var valid = Assert.IsType<ValidationOutcome<SurveyAnswer>.Valid>(SurveyAnswer.Check(q, Complete(q, "5"))).Value;
        Assert.Equal(5, valid.Scores["global"]);
        Assert.Null(valid.Comment);
    }

    [Fact]
    public void The_hot_questionnaire_is_due_at_the_end_of_the_last_half_day_and_not_before()
    {
        // 17 March 2027, 17:00 in Paris = 16:00 UTC.
        var end = new DateTimeOffset(2027, 3, 17, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal(end, SurveySchedule.DueAt(SurveyKind.Hot, Course, Session));
        Assert.False(SurveySchedule.InvitationDue(SurveyKind.Hot, Course, Session, end.AddMinutes(-1)));
        Assert.True(SurveySchedule.InvitationDue(SurveyKind.Hot, Course, Session, end));
        Assert.Equal(end.AddMonths(3), SurveySchedule.DueAt(SurveyKind.Cold, Course, Session));
    }

    [Fact]
    public void The_positioning_is_due_seven_days_before_the_start_and_at_once_for_a_late_enrolment_but_never_after_the_start()
    {
        var start = new DateTimeOffset(2027, 3, 16, 8, 0, 0, TimeSpan.Zero); // 9:00 Paris
        Assert.Equal(start.AddDays(-7), SurveySchedule.DueAt(SurveyKind.Positioning, Course, Session));
        Assert.True(SurveySchedule.InvitationDue(SurveyKind.Positioning, Course, Session, start.AddDays(-2)));
        Assert.False(SurveySchedule.InvitationDue(SurveyKind.Positioning, Course, Session, start));
    }

    [Fact]
    public void The_reminder_comes_five_days_after_the_invitation_and_a_positioning_reminder_never_after_the_start()
    {
        var invited = new DateTimeOffset(2027, 3, 9, 8, 0, 0, TimeSpan.Zero);
        Assert.False(SurveySchedule.ReminderDue(SurveyKind.Hot, invited, invited.AddDays(5).AddMinutes(-1)));
        Assert.True(SurveySchedule.ReminderDue(SurveyKind.Hot, invited, invited.AddDays(5)));
        Assert.False(SurveySchedule.ReminderDue(SurveyKind.Positioning, invited.AddDays(5), invited.AddDays(10), Course, Session));
    }

    [Fact]
    public void The_employers_questionnaire_is_due_in_january_for_the_previous_year()
    {
        Assert.Equal(2027, SurveySchedule.EmployerYearDue(new DateTimeOffset(2028, 1, 10, 9, 0, 0, TimeSpan.Zero)));
        Assert.Null(SurveySchedule.EmployerYearDue(new DateTimeOffset(2028, 2, 10, 9, 0, 0, TimeSpan.Zero)));
        Assert.Null(SurveySchedule.EmployerYearDue(new DateTimeOffset(2027, 12, 31, 9, 0, 0, TimeSpan.Zero)));
    }
}
