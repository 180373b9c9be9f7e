using Fluid;
using Fluid.Values;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Text;

namespace Monalisa.Content.Text;

/// <summary>
/// <see cref="FrenchFormat"/> as Liquid filters, for every template (site pages, emails, the contract, the API's pages):
/// <c>{{ session | fr_range }}</c>, <c>{{ total_cents | euros_cents }}</c>, <c>{{ n | plural: "place", "places" }}</c>…
/// </summary>
public static class FrenchFilters
{
    /// <summary>Options with the French culture, the filters and access to our records' properties.</summary>
    public static TemplateOptions Options(Microsoft.Extensions.FileProviders.IFileProvider? files = null)
    {
        var options = new TemplateOptions
        {
            MemberAccessStrategy = new UnsafeMemberAccessStrategy(),
            CultureInfo = FrenchFormat.Culture,
        };
        if (files is not null) options.FileProvider = files;
        Register(options.Filters);
        return options;
    }

    public static void Register(FilterCollection filters)
    {
        filters.AddFilter("fr_date", (input, _, _) => Text(Date(input) is { } d ? FrenchFormat.Date(d) : input.ToStringValue()));
        filters.AddFilter("fr_long_date", (input, _, _) => Text(Date(input) is { } d ? FrenchFormat.LongDate(d) : input.ToStringValue()));
        filters.AddFilter("fr_datetime", (input, _, _) => Text(input.ToObjectValue() switch
        {
            DateTimeOffset instant => FrenchFormat.DateTime(instant),
            DateTime time => FrenchFormat.DateTime(new DateTimeOffset(time.ToUniversalTime())),
            // An instant kept as text (a timeline row's detail, ISO 8601 « O »).
            string text when DateTimeOffset.TryParseExact(text, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed) => FrenchFormat.DateTime(parsed),
            _ => input.ToStringValue(),
        }));
        filters.AddFilter("fr_range", (input, arguments, _) => Text(input.ToObjectValue() switch
        {
            CourseSession session => FrenchFormat.Range(session),
            _ when Date(input) is { } start => FrenchFormat.Range(start, Date(arguments.At(0)) ?? start),
            _ => input.ToStringValue(),
        }));
        filters.AddFilter("fr_time", (input, _, _) => Text(input.ToObjectValue() is TimeOnly t ? FrenchFormat.Time(t) : input.ToStringValue()));
        filters.AddFilter("fr_hours", (input, _, _) => Text(input.ToObjectValue() is DailySchedule s ? FrenchFormat.Hours(s.Start, s.End) : input.ToStringValue()));
        filters.AddFilter("euros", (input, _, _) => Text(FrenchFormat.Euros(input.ToNumberValue())));
        filters.AddFilter("euros_cents", (input, _, _) => Text(FrenchFormat.EurosFromCents((long)input.ToNumberValue())));
        filters.AddFilter("fr_number", (input, _, _) => Text(FrenchFormat.Number((long)input.ToNumberValue())));
        filters.AddFilter("plural", (input, arguments, _) =>
            Text(FrenchFormat.Plural((long)input.ToNumberValue(), arguments.At(0).ToStringValue(), arguments.At(1).ToStringValue())));
        filters.AddFilter("only_left", (input, arguments, _) =>
            Text(FrenchFormat.OnlyLeft((int)input.ToNumberValue(), arguments.At(0).ToStringValue(), arguments.At(1).ToStringValue())));
        filters.AddFilter("upper_first", (input, _, _) => Text(FrenchFormat.UpperFirst(input.ToStringValue())));
        filters.AddFilter("lower_first", (input, _, _) => Text(FrenchFormat.LowerFirst(input.ToStringValue())));
    }

    private static ValueTask<FluidValue> Text(string value) => new(new StringValue(value));

    // Fluid hands a DateOnly over as text written with the template's culture: read it back with the same culture.
    private static DateOnly? Date(FluidValue value) => value.ToObjectValue() switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        DateTimeOffset instant => DateOnly.FromDateTime(instant.DateTime),
        string text when DateOnly.TryParse(text, FrenchFormat.Culture, out var date) => date,
        _ => null,
    };
}
