using System.Globalization;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Domain.Attendance;

public enum HalfDayPart { Morning, Afternoon, Day }

/// <summary>
/// One half-day of a session, the unit attendance is signed, closed and counted by: a date and a slot of the course's
/// daily schedule. Its id (« 2027-03-16-matin ») is stable, so rows, links and corrections can name it.
/// </summary>
public sealed record HalfDay(DateOnly Date, HalfDayPart Part, TimeOnly Start, TimeOnly End)
{
    public string Id => $"{Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{PartKey(Part)}";

    public int Minutes => (int)(End - Start).TotalMinutes;

    /// <summary>When the half-day starts and ends, as instants (sessions run in Paris time).</summary>
    public DateTimeOffset StartsAt => ParisTime.At(Date, Start);
    public DateTimeOffset EndsAt => ParisTime.At(Date, End);

    /// <summary>« matin », « après-midi », « journée »: how the pages and the sheet name the part.</summary>
    public string PartLabel => Part switch { HalfDayPart.Morning => "matin", HalfDayPart.Afternoon => "après-midi", _ => "journée" };

    private static string PartKey(HalfDayPart part) => part switch { HalfDayPart.Morning => "matin", HalfDayPart.Afternoon => "apres-midi", _ => "journee" };

    /// <summary>Every half-day of a session, in order: each day of the session, each slot of the course's schedule.</summary>
    public static IReadOnlyList<HalfDay> Of(Course course, CourseSession session)
    {
        var slots = course.Schedule.Slots;
        var parts = slots.Count == 2 ? [HalfDayPart.Morning, HalfDayPart.Afternoon] : new[] { HalfDayPart.Day };
        return [.. session.Days().SelectMany(day => slots.Select((slot, i) => new HalfDay(day, parts[i], slot.Start, slot.End)))];
    }

    /// <summary>The half-day named <paramref name="id"/> in <paramref name="halfDays"/>, if any.</summary>
    public static HalfDay? Find(IReadOnlyList<HalfDay> halfDays, string? id) =>
        halfDays.FirstOrDefault(h => string.Equals(h.Id, id, StringComparison.Ordinal));
}
