using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Catalogue;

/// <summary>
/// <c>GET /api/sessions?course={slug}</c>: the course's sessions with their live seats left. The busiest endpoint
/// (every course, calendar and enrolment page asks): answered from <see cref="LiveSeats"/>, and revalidated by
/// browsers by its ETag.
/// </summary>
internal sealed class SessionsFunction(CourseCatalogue catalogue, LiveSeats live, TimeProvider clock)
{
    [Function("Sessions")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var query = FieldSource.Of(request.Query);
        var slug = query.Required("course", "Indiquez la formation (paramètre course).");
        if (query.Errors.Any)
            return ApiResults.Problem(Problems.Validation(query.Errors)).ToActionResult();
        if (catalogue.FindCourse(slug!) is not { } course)
            return ApiResults.Problem(Problems.Validation("course", $"Formation inconnue : « {slug} ».")).ToActionResult();

        var today = clock.Today();
        var left = await live.ForCourseAsync(course, cancellationToken);
        var views = course.Sessions.OrderBy(s => s.Start).Select(session => SessionView.From(session, left[session.Id], today, catalogue.Deadline)).ToList();
        // Browsers ask again every time (no max-age): a visitor coming back to the course page after enrolling must
        // not be shown their own browser's copy from before. Asking again is cheap: a 304 from this process's memory.
        return new PublicJson(views, TimeSpan.Zero);
    }
}

internal sealed record SessionView(string Id, string Start, string End, string City, string Venue, int Capacity, int SeatsLeft, string Status, bool Example)
{
    /// <summary>The status is the server's decision (published enrolment deadline included): the form shows « closed » from it.</summary>
    public static SessionView From(CourseSession session, int seatsLeft, DateOnly today, EnrolmentDeadline deadline) => new(
        session.Id, session.Start.ToString("yyyy-MM-dd"), session.End.ToString("yyyy-MM-dd"), session.City, session.Venue,
        session.Capacity, seatsLeft, session.StatusOn(today, seatsLeft, deadline).ToString().ToLowerInvariant(), session.IsExample);
}
