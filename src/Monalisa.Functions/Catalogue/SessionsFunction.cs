using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Catalogue;

/// <summary><c>GET /api/sessions?course={slug}</c>: the course's sessions with their live seats left.</summary>
internal sealed class SessionsFunction(CourseCatalogue catalogue, EnrolmentStore seats, TimeProvider clock, SessionCancellations cancellations)
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
        // One seat count per session, all at once: one after the other, the latency of the page was their sum.
        var sessions = course.Sessions.OrderBy(s => s.Start).ToList();
        var taken = await Task.WhenAll(sessions.Select(s => seats.SeatsTakenAsync(s.Id, cancellationToken)));
        // A session staff cancelled shows no place left: the form offers nothing, the server refuses anyway.
        var cancelled = await Task.WhenAll(sessions.Select(s => cancellations.IsCancelledAsync(s.Id, cancellationToken)));
        var views = sessions.Select((session, i) => SessionView.From(session, cancelled[i] ? 0 : Math.Max(0, session.Capacity - taken[i]), today, catalogue.Deadline)).ToList();
        return TypedResults.Ok(views).ToActionResult();
    }
}

internal sealed record SessionView(string Id, string Start, string End, string City, string Venue, int Capacity, int SeatsLeft, string Status, bool Example)
{
    /// <summary>The status is the server's decision (published enrolment deadline included): the form shows « closed » from it.</summary>
    public static SessionView From(CourseSession session, int seatsLeft, DateOnly today, EnrolmentDeadline deadline) => new(
        session.Id, session.Start.ToString("yyyy-MM-dd"), session.End.ToString("yyyy-MM-dd"), session.City, session.Venue,
        session.Capacity, seatsLeft, session.StatusOn(today, seatsLeft, deadline).ToString().ToLowerInvariant(), session.IsExample);
}
