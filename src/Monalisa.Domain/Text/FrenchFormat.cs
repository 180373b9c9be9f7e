using System.Globalization;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Domain.Text;

/// <summary>
/// How every French text of the product writes dates, times, amounts and counts: the site, the emails, Stripe line
/// items, the contract and the API's pages all call this class, so a date or an amount reads the same everywhere.
/// </summary>
public static class FrenchFormat
{
    /// <summary>Ordinary no-break space: between thousands, before « € » and around « h ».</summary>
    public const char NoBreakSpace = '\u00A0';

    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    // ICU's fr-FR groups thousands with a narrow no-break space (U+202F), which some mail clients and fonts lack:
    // the ordinary no-break space is what French typography and every client show.
    private static readonly NumberFormatInfo Numbers = NumbersWithNoBreakSpace();

    private static readonly TimeZoneInfo Paris = Catalogue.ParisTime.Zone;

    /// <summary>« 16 mars 2027 », « 1er avril 2027 ».</summary>
    public static string Date(DateOnly date) => $"{DayMonth(date)} {date.Year}";

    /// <summary>« mardi 16 mars 2027 ».</summary>
    public static string LongDate(DateOnly date) => $"{date.ToString("dddd", Culture)} {Date(date)}";

    /// <summary>« le 16 mars 2027 », « du 16 au 17 mars 2027 », « du 30 mars au 1er avril 2027 », « du 30 décembre 2026 au 2 janvier 2027 ».</summary>
    public static string Range(DateOnly start, DateOnly end)
    {
        if (start == end) return "le " + Date(start);
        if (start.Year != end.Year) return $"du {Date(start)} au {Date(end)}";
        if (start.Month != end.Month) return $"du {DayMonth(start)} au {Date(end)}";
        return $"du {Day(start)} au {Date(end)}";
    }

    /// <summary>A session's dates, as <see cref="Range(DateOnly, DateOnly)"/> writes them.</summary>
    public static string Range(CourseSession session) => Range(session.Start, session.End);

    /// <summary>« 9 h », « 9 h 30 ».</summary>
    public static string Time(TimeOnly time) =>
        time.Minute == 0 ? $"{time.Hour}{NoBreakSpace}h" : $"{time.Hour}{NoBreakSpace}h{NoBreakSpace}{time.Minute:00}";

    /// <summary>A length of time: « 7 h », « 10 h 30 », « 0 h » (attendance and certificates count minutes).</summary>
    public static string Duration(int minutes) =>
        minutes % 60 == 0 ? $"{minutes / 60}{NoBreakSpace}h" : $"{minutes / 60}{NoBreakSpace}h{NoBreakSpace}{minutes % 60:00}";

    /// <summary>« de 9 h à 17 h 30 ».</summary>
    public static string Hours(TimeOnly start, TimeOnly end) => $"de {Time(start)} à {Time(end)}";

    /// <summary>« 1er décembre 2026 à 9 h 12 », in Paris time (where every session takes place).</summary>
    public static string DateTime(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Paris);
        return $"{Date(DateOnly.FromDateTime(local.DateTime))} à {Time(TimeOnly.FromDateTime(local.DateTime))}";
    }

    /// <summary>« 1 500 € », « 1 300,50 € »: cents only when there are some, never « 1 300,5 € ».</summary>
    public static string Euros(decimal amount) =>
        amount.ToString(amount == decimal.Truncate(amount) ? "#,0" : "#,0.00", Numbers) + NoBreakSpace + "€";

    /// <summary>Same as <see cref="Euros(decimal)"/>, for an amount kept in cents.</summary>
    public static string EurosFromCents(long cents) => Euros(cents / 100m);

    /// <summary>« 8 », « 1 200 »: a count as French readers group it.</summary>
    public static string Number(long value) => value.ToString("#,0", Numbers);

    /// <summary>« 0 place », « 1 place », « 2 places » (French keeps 0 and 1 singular).</summary>
    public static string Plural(long count, string one, string many) => $"{Number(count)} {(count is >= -1 and <= 1 ? one : many)}";

    /// <summary>« Lyon », « Lyon et Paris », « Lyon, Paris et Bordeaux »; empty for none.</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} et {items[^1]}",
    };

    /// <summary>« il ne reste qu'une place », « il ne reste que 3 places ».</summary>
    public static string OnlyLeft(int count, string one, string many) =>
        count == 1 ? $"il ne reste qu'une {one}" : $"il ne reste que {Plural(count, one, many)}";

    /// <summary>« Formation en présentiel » → « formation en présentiel », to follow a count or a comma.</summary>
    public static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLower(text[0], Culture) + text[1..];

    /// <summary>« il ne reste… » → « Il ne reste… », to open a sentence.</summary>
    public static string UpperFirst(string text) => text.Length == 0 ? text : char.ToUpper(text[0], Culture) + text[1..];

    private static string Day(DateOnly date) => date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture);

    private static string DayMonth(DateOnly date) => $"{Day(date)} {date.ToString("MMMM", Culture)}";

    private static NumberFormatInfo NumbersWithNoBreakSpace()
    {
        var numbers = (NumberFormatInfo)Culture.NumberFormat.Clone();
        numbers.NumberGroupSeparator = NoBreakSpace.ToString();
        numbers.NumberDecimalSeparator = ",";
        return NumberFormatInfo.ReadOnly(numbers);
    }

    /// <summary>Minutes as decimal hours, the way the BPF's forms take them: 630 → « 10,5 », 840 → « 14 », 1 234 h with a thin space.</summary>
    public static string DecimalHours(int minutes) => (minutes / 60m).ToString("#,0.##", Numbers);
}
