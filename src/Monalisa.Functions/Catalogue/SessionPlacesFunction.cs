using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Catalogue;

/// <summary>
/// <c>GET /api/sessions/places</c>: the places taken in every session this app publishes, for the deploy job's check
/// that new content deletes or shrinks no session trainees hold places in (<c>Monalisa.Site check-live</c>). Counts
/// only, no person: what <c>api/sessions</c> already lets anyone work out from capacity and seats left, so no sign-in.
/// </summary>
internal sealed class SessionPlacesFunction(CourseCatalogue catalogue, EnrolmentStore seats)
{
    public const string Route = "sessions/places";

    [Function("SessionPlaces")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var sessions = catalogue.Courses.SelectMany(c => c.Sessions.Select(s => (Course: c.Slug, Session: s.Id))).ToList();
        // All at once, as api/sessions does: one after the other, the wait was their sum.
        var taken = await Task.WhenAll(sessions.Select(s => seats.SeatsTakenAsync(s.Session, cancellationToken)));
        return TypedResults.Ok(new SessionPlacesView([.. sessions.Select((s, i) => new TakenPlaces(s.Course, s.Session, taken[i]))])).ToActionResult();
    }
}

internal sealed record SessionPlacesView(IReadOnlyList<TakenPlaces> Sessions);
