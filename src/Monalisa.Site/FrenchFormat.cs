using System.Globalization;

namespace Monalisa.Site;

/// <summary>How the site writes amounts and dates, in French.</summary>
internal static class FrenchFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>« 1 300 € », « 12,50 € » (ICU's French group separator is a narrow no-break space).</summary>
    public static string Euros(decimal amount) =>
        (decimal.Truncate(amount) == amount ? amount.ToString("#,0", Culture) : amount.ToString("#,0.00", Culture)) + "\u00A0€";

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    public static string LongDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", Culture);

    /// <summary>« du 16 au 17 mars 2027 », « du 30 juin au 1 juillet 2027 », « le 16 mars 2027 ».</summary>
    public static string Range(DateOnly start, DateOnly end)
    {
        if (start == end) return "le " + Date(start);
        if (start.Year != end.Year) return $"du {Date(start)} au {Date(end)}";
        if (start.Month != end.Month) return $"du {start.ToString("d MMMM", Culture)} au {Date(end)}";
        return $"du {start.Day} au {Date(end)}";
    }

    /// <summary>« 9 h », « 9 h 30 ».</summary>
    public static string Time(TimeOnly time) => time.Minute == 0 ? $"{time.Hour}\u00A0h" : $"{time.Hour}\u00A0h\u00A0{time.Minute:00}";

    public static string Days(int days) => days == 1 ? "1 jour" : $"{days} jours";

    public static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLower(text[0], Culture) + text[1..];
}
