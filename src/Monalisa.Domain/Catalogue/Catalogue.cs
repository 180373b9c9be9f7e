namespace Monalisa.Domain.Catalogue;

/// <summary>All published courses, looked up by slug or session id, and the enrolment deadline they share.</summary>
public sealed class CourseCatalogue(IReadOnlyList<Course> courses, EnrolmentDeadline deadline)
{
    public IReadOnlyList<Course> Courses { get; } = courses;

    /// <summary>The published delay before a session's start after which inter enrolment is closed.</summary>
    public EnrolmentDeadline Deadline { get; } = deadline;

    public Course? FindCourse(string slug) =>
        Courses.FirstOrDefault(c => string.Equals(c.Slug, slug, StringComparison.Ordinal));

    public (Course Course, CourseSession Session)? FindSession(string sessionId)
    {
        foreach (var course in Courses)
        {
            if (course.FindSession(sessionId) is { } session)
                return (course, session);
        }
        return null;
    }
}
