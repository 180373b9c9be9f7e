namespace Monalisa.Content;

/// <summary>A session's places taken in a deployed environment (<c>GET api/sessions/places</c>): counts, no person.</summary>
public sealed record TakenPlaces(string Course, string Session, int Taken);

/// <summary>
/// New content against the places trainees already hold in an environment: a session with enrolments may be neither
/// deleted (nor renamed, which is the same to its enrolments) nor shrunk below its taken places. Staff cancel a session
/// from the console instead, which tells its trainees and frees their places. Errors name the file and the field, as
/// the reader's do.
/// </summary>
public static class TakenPlacesCheck
{
    public static IReadOnlyList<ContentError> Check(IReadOnlyList<CourseDocument> content, IEnumerable<TakenPlaces> live)
    {
        var errors = new List<ContentError>();
        var courses = content.ToDictionary(d => d.Course.Slug, StringComparer.Ordinal);
        foreach (var held in live.Where(p => p.Taken > 0).OrderBy(p => p.Course, StringComparer.Ordinal).ThenBy(p => p.Session, StringComparer.Ordinal))
        {
            if (!courses.TryGetValue(held.Course, out var document))
            {
                errors.Add(new ContentError($"site/input/{CourseContent.CoursesFolder}/{held.Course}.md", CourseKeys.Slug,
                    $"la formation « {held.Course} » a disparu, or sa session « {held.Session} » compte {Places(held.Taken)} dans cet environnement : "
                    + "remettez la formation, ou annulez d'abord la session depuis la console de l'équipe."));
                continue;
            }
            var sessions = document.Course.Sessions;
            var index = sessions.ToList().FindIndex(s => s.Id == held.Session);
            if (index < 0)
            {
                errors.Add(new ContentError(document.SourcePath, CourseKeys.Sessions,
                    $"la session « {held.Session} » compte {Places(held.Taken)} dans cet environnement : elle ne peut être ni supprimée ni renommée. "
                    + "Remettez-la ; pour l'annuler, passez par la console de l'équipe, qui prévient les stagiaires."));
            }
            else if (sessions[index].Capacity < held.Taken)
            {
                errors.Add(new ContentError(document.SourcePath, $"{CourseKeys.Sessions}[{index}].{CourseKeys.Capacity}",
                    $"{sessions[index].Capacity} places, mais elle compte déjà {Places(held.Taken)} dans cet environnement : indiquez au moins {held.Taken}."));
            }
        }
        return errors;
    }

    private static string Places(int taken) => taken == 1 ? "1 place prise" : $"{taken} places prises";
}
