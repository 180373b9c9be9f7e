namespace Monalisa.Domain.Catalogue;

/// <summary>All published courses, looked up by slug or session id.</summary>
public sealed class CourseCatalogue(IReadOnlyList<Course> courses)
{
    public IReadOnlyList<Course> Courses { get; } = courses;

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
