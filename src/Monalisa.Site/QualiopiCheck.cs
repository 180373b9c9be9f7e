using Monalisa.Content;
using Monalisa.Site.Views;

namespace Monalisa.Site;

/// <summary>
/// What Qualiopi (indicator 1) asks a training body to publish about each course. The course template marks each
/// item with <c>data-qualiopi="…"</c>; the build fails if a value is empty or the template lost an item.
/// </summary>
internal static class QualiopiCheck
{
    public static readonly IReadOnlyList<(string Item, string Label)> Items =
    [
        ("objectives", "objectifs"),
        ("prerequisites", "prérequis"),
        ("audience", "public"),
        ("duration", "durée"),
        ("methods", "méthodes pédagogiques"),
        ("assessment", "évaluation des acquis (indicateur 11)"),
        ("results", "résultats (indicateur 2)"),
        ("price", "tarifs"),
        ("access-delay", "délai d'accès"),
        ("contact", "contact"),
        ("accessibility", "accessibilité aux personnes handicapées"),
        ("updated", "date de mise à jour"),
    ];

    public static void Verify(CourseView course, string html)
    {
        var errors = new List<ContentError>();
        if (course.Prices.Count == 0)
            errors.Add(new ContentError(course.SourcePath, CourseKeys.Tariffs, "Qualiopi : aucun tarif à publier."));
        foreach (var (item, label) in Items)
        {
            var marker = $"data-qualiopi=\"{item}\"";
            var at = html.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                errors.Add(new ContentError(course.SourcePath, item, $"Qualiopi : la page de la formation ne publie pas « {label} » (gabarit {course.Layout ?? CoursePipeline.CourseLayout})."));
                continue;
            }
            // The marked element must say something: text between its start tag and the next tag end.
            var close = html.IndexOf('>', at);
            var next = html.IndexOf("</", close, StringComparison.Ordinal);
            var text = close < 0 || next < 0 ? "" : System.Text.RegularExpressions.Regex.Replace(html[(close + 1)..next], "<[^>]*>", "");
            if (string.IsNullOrWhiteSpace(text))
                errors.Add(new ContentError(course.SourcePath, item, $"Qualiopi : « {label} » est vide sur la page de la formation."));
        }
        if (errors.Count > 0) throw new ContentException(errors);
    }
}
