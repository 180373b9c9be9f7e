using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Surveys;

namespace Monalisa.Functions.Surveys;

/// <summary>A course's published figures (api/resultats): never free text, never a figure without its dates.</summary>
internal sealed record CourseResults(string Slug, SatisfactionRate? Satisfaction, IReadOnlyList<ObjectiveProgress> Acquisition);

/// <summary>One session's line in the staff view.</summary>
internal sealed record SessionSurveyLine(string SessionId, string CourseTitle, DateOnly Start, DateOnly End, string City,
    int Positioning, int Hot, int Cold, int HotInvited, SatisfactionRate? Rate);

/// <summary>One session's answers in detail (staff): averages per question, before/after per objective, the free text.</summary>
internal sealed record SessionSurveyDetail(SessionSurveyLine Line, IReadOnlyList<QuestionAverage> Averages, IReadOnlyList<ObjectiveProgress> Acquisition,
    IReadOnlyList<(SurveyKind Kind, string Text)> Comments, IReadOnlyList<StoredAnswer> Answers);

internal sealed record QuestionAverage(SurveyKind Kind, string QuestionId, string Label, decimal? Mean, int Count);

/// <summary>The figures computed from the stored answers: the rules are the domain's (SatisfactionRate, ObjectiveProgress).</summary>
internal sealed class SurveyResults(SurveyStore store, CourseCatalogue catalogue, TimeProvider clock)
{
    public async Task<List<CourseResults>> PublishedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hot = await store.AnswersAsync(SurveyKind.Hot, cancellationToken);
        var before = await store.AnswersAsync(SurveyKind.Positioning, cancellationToken);
        return [.. catalogue.Courses.Select(course => new CourseResults(course.Slug,
            SatisfactionRate.Compute(hot.Where(a => a.CourseSlug == course.Slug).Select(a => a.Dated), now),
            ObjectiveProgress.Compute(course, before.Where(a => a.CourseSlug == course.Slug).Select(a => a.Answer), hot.Where(a => a.CourseSlug == course.Slug).Select(a => a.Answer))))];
    }

    public async Task<List<SessionSurveyLine>> SessionsAsync(CancellationToken cancellationToken)
    {
        var lines = new List<SessionSurveyLine>();
        foreach (var course in catalogue.Courses)
            foreach (var session in course.Sessions.OrderByDescending(s => s.Start))
            {
                var rows = await store.PartitionAsync(session.Id, cancellationToken);
                if (rows.Count == 0) continue;
                lines.Add(Line(course, session, rows));
            }
        return lines;
    }

    public async Task<SessionSurveyDetail?> SessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (catalogue.FindSession(sessionId) is not { } found) return null;
        var rows = await store.PartitionAsync(sessionId, cancellationToken);
        var answers = rows.Select(SurveyStore.AnswerOf).OfType<StoredAnswer>().OrderBy(a => a.Kind).ThenBy(a => a.AnsweredAt).ToList();
        var averages = new List<QuestionAverage>();
        foreach (var kind in new[] { SurveyKind.Positioning, SurveyKind.Hot, SurveyKind.Cold })
            foreach (var question in Questionnaire.For(kind, found.Course).Questions.Where(q => q.Scale != QuestionScale.Text))
            {
                var values = answers.Where(a => a.Kind == kind && a.Answer.Scores.ContainsKey(question.Id)).Select(a => a.Answer.Scores[question.Id]).ToList();
                averages.Add(new QuestionAverage(kind, question.Id, question.Label, ObjectiveProgress.Mean(values), values.Count));
            }
        var acquisition = ObjectiveProgress.Compute(found.Course,
            answers.Where(a => a.Kind == SurveyKind.Positioning).Select(a => a.Answer), answers.Where(a => a.Kind == SurveyKind.Hot).Select(a => a.Answer));
        var comments = answers.Where(a => !string.IsNullOrWhiteSpace(a.Answer.Comment)).Select(a => (a.Kind, a.Answer.Comment!)).ToList();
        return new SessionSurveyDetail(Line(found.Course, found.Session, rows), averages, acquisition, comments, answers);
    }

    private SessionSurveyLine Line(Course course, CourseSession session, List<Azure.Data.Tables.TableEntity> rows)
    {
        var answers = rows.Select(SurveyStore.AnswerOf).OfType<StoredAnswer>().ToList();
        var invitedHot = rows.Count(r => r.RowKey.StartsWith(SurveyKeys.InvitationPrefix + Questionnaire.Key(SurveyKind.Hot) + "|", StringComparison.Ordinal));
        return new SessionSurveyLine(session.Id, course.Title, session.Start, session.End, session.City,
            answers.Count(a => a.Kind == SurveyKind.Positioning), answers.Count(a => a.Kind == SurveyKind.Hot), answers.Count(a => a.Kind == SurveyKind.Cold), invitedHot,
            SatisfactionRate.Compute(answers.Where(a => a.Kind == SurveyKind.Hot).Select(a => a.Dated), clock.GetUtcNow()));
    }
}
