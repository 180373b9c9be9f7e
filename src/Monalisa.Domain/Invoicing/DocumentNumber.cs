using System.Globalization;

namespace Monalisa.Domain.Invoicing;

/// <summary>
/// The numbers of one series: prefix, year of issue and a six-digit sequence that starts at 1 each year
/// (« F-2027-000123 »). The sequence itself comes from an atomic counter in storage: this only writes and reads the form.
/// </summary>
public static class DocumentNumber
{
    public static string Format(string prefix, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year:D4}-{sequence:D6}");

    /// <summary>The prefix, year and sequence of a number this class wrote; null for anything else.</summary>
    public static (string Prefix, int Year, long Sequence)? Parse(string number)
    {
        var parts = number.Split('-');
        return parts.Length == 3 && parts[0].Length is > 0 and <= 4 && parts[0].All(char.IsAsciiLetterUpper)
            && parts[1].Length == 4 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && parts[2].Length >= 6 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0
            ? (parts[0], year, sequence)
            : null;
    }
}
