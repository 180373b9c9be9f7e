using System.Globalization;
using System.Text.Json;
using Monalisa.Domain.Text;

namespace Monalisa.Site.Views;

/// <summary>A course's published satisfaction figure (Qualiopi indicator 2), always with its period and its date.</summary>
internal sealed record PublishedSatisfaction(int Rate, int Respondents, string RespondentsText, string PeriodText, string ComputedText, string ComputedIso);

/// <summary>
/// The export of <c>GET api/resultats</c> the deploy job downloads before the build (<c>--resultats</c>, default
/// site/data/resultats.json). The build never shows a figure it cannot date: an entry without its period, its
/// computation date or a respondent is left out, and the course page says « Premiers résultats à venir ».
/// </summary>
internal static class PublishedResults
{
    public const string DefaultFile = "resultats.json";
    public const string DataFolder = "data";

    /// <summary>The figures by course slug; none for a missing or unreadable file (said on <paramref name="log"/>: the build goes on without figures).</summary>
    public static IReadOnlyDictionary<string, PublishedSatisfaction> Load(string? file, TextWriter? log)
    {
        var figures = new Dictionary<string, PublishedSatisfaction>(StringComparer.Ordinal);
        if (file is null) return figures;
        if (!File.Exists(file))
        {
            log?.WriteLine($"Résultats publiés : {file} introuvable, la page des formations annonce « Premiers résultats à venir ».");
            return figures;
        }
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (!json.RootElement.TryGetProperty("courses", out var courses) || courses.ValueKind != JsonValueKind.Array) return figures;
            foreach (var course in courses.EnumerateArray())
            {
                if (course.TryGetProperty("slug", out var slug) && slug.GetString() is { Length: > 0 } s
                    && course.TryGetProperty("satisfaction", out var satisfaction) && From(satisfaction) is { } figure)
                    figures[s] = figure;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            log?.WriteLine($"Résultats publiés : {file} illisible ({e.GetType().Name}), aucun chiffre publié.");
        }
        return figures;
    }

    private static PublishedSatisfaction? From(JsonElement s)
    {
        if (s.ValueKind != JsonValueKind.Object) return null;
        if (!Int(s, "rate", out var rate) || rate is < 0 or > 100 || !Int(s, "respondents", out var respondents) || respondents <= 0) return null;
        if (Date(s, "periodStart") is not { } start || Date(s, "periodEnd") is not { } end || end < start) return null;
        if (!s.TryGetProperty("computedAt", out var at) || at.ValueKind != JsonValueKind.String || !at.TryGetDateTimeOffset(out var computedAt)) return null;
        var computedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(computedAt, Monalisa.Domain.Catalogue.ParisTime.Zone).DateTime);
        return new PublishedSatisfaction(rate, respondents, FrenchFormat.Plural(respondents, "répondant", "répondants"),
            FrenchFormat.Range(start, end), FrenchFormat.Date(computedOn), computedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static bool Int(JsonElement e, string name, out int value)
    {
        value = 0;
        return e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out value);
    }

    private static DateOnly? Date(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
        && DateOnly.TryParseExact(p.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
