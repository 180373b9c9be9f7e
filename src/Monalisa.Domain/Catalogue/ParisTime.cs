namespace Monalisa.Domain.Catalogue;

/// <summary>
/// The training body's calendar day. Every session, deadline, contract date and instalment is a day in France; the
/// Functions host runs in UTC, where the day turns one or two hours late. A contract signed at 00:30 in Paris would be
/// dated the day before, and its first instalment charged before the withdrawal period ends.
/// </summary>
public static class ParisTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>Today's date in Paris.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The instant a Paris wall-clock time of <paramref name="date"/> falls on (summer time included).</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
