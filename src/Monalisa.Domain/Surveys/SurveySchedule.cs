using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Domain.Surveys;

/// <summary>
/// When each questionnaire is due, and its one reminder. The timer asks at each run what is due now; the store's
/// inserts make each send happen once whatever the number of runs.
/// </summary>
public static class SurveySchedule
{
    /// <summary>
    /// The reminder goes this long after the invitation, only if no answer came. Five days: a working week to answer,
    /// and for the positionnement (sent 7 days before) the reminder still arrives two days before the first day.
    /// </summary>
    public static readonly TimeSpan ReminderAfter = TimeSpan.FromDays(5);

    public static readonly TimeSpan PositioningBefore = TimeSpan.FromDays(7);

    /// <summary>After this, a questionnaire is no longer sent (a timer down for weeks must not ask about a session long over).</summary>
    public static readonly TimeSpan SendWindow = TimeSpan.FromDays(30);

    /// <summary>When the end of the session is: the end of its last half-day.</summary>
    public static DateTimeOffset SessionEndsAt(Course course, CourseSession session) => HalfDay.Of(course, session)[^1].EndsAt;

    public static DateTimeOffset SessionStartsAt(Course course, CourseSession session) => HalfDay.Of(course, session)[0].StartsAt;

    /// <summary>
    /// When the invitation of <paramref name="kind"/> for a session is due: the positionnement 7 days before the start
    /// (at once for someone enrolled later, which the timer does by sending whatever is due and not yet sent), the à
    /// chaud at the end of the last half-day, the à froid three months after it.
    /// </summary>
    public static DateTimeOffset DueAt(SurveyKind kind, Course course, CourseSession session) => kind switch
    {
        SurveyKind.Positioning => SessionStartsAt(course, session) - PositioningBefore,
        SurveyKind.Hot => SessionEndsAt(course, session),
        SurveyKind.Cold => SessionEndsAt(course, session).AddMonths(3),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), "The employers' questionnaire is yearly: see EmployerDueAt."),
    };

    /// <summary>Whether the invitation should go now: due, and not past its window (the positionnement: not after the start).</summary>
    public static bool InvitationDue(SurveyKind kind, Course course, CourseSession session, DateTimeOffset now)
    {
        var due = DueAt(kind, course, session);
        var until = kind == SurveyKind.Positioning ? SessionStartsAt(course, session) : due + SendWindow;
        return now >= due && now < until;
    }

    /// <summary>Whether an unanswered invitation sent at <paramref name="invitedAt"/> gets its reminder now.</summary>
    public static bool ReminderDue(SurveyKind kind, DateTimeOffset invitedAt, DateTimeOffset now, Course? course = null, CourseSession? session = null)
    {
        if (now < invitedAt + ReminderAfter) return false;
        if (now >= invitedAt + ReminderAfter + SendWindow) return false;
        // A positionnement reminder after the start would ask « before » about something already begun.
        return kind != SurveyKind.Positioning || course is null || session is null || now < SessionStartsAt(course, session);
    }

    /// <summary>The employers' questionnaire about <paramref name="year"/>: from 1 January of the next year, Paris time, for January only.</summary>
    public static DateTimeOffset EmployerDueAt(int year) => ParisTime.At(new DateOnly(year + 1, 1, 1), new TimeOnly(9, 0));

    /// <summary>The year whose employers' questionnaire is due now, if any (January: the previous calendar year).</summary>
    public static int? EmployerYearDue(DateTimeOffset now)
    {
        var year = now.Year - 1;
        return now >= EmployerDueAt(year) && now < ParisTime.At(new DateOnly(year + 1, 2, 1), TimeOnly.MinValue) ? year : null;
    }
}
