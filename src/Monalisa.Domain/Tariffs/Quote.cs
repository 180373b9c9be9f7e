namespace Monalisa.Domain.Tariffs;

/// <summary>A priced offer for a course. Amounts are euros, exact to the cent.</summary>
public sealed record Quote(
    string Course,
    TrainingMode Mode,
    string Currency,
    int Days,
    IReadOnlyList<QuoteLine> Lines,
    decimal Total)
{
    public const string Euro = "EUR";

    public long TotalCents => Money.ToCents(Total);
}

/// <summary>
/// One line of a quote: a tariff category, how many, the day rate, the days it covers and the amount
/// (<c>UnitPricePerDay × Days × Quantity</c>). The days are on the line because an intra line is read by its days
/// (« 2 jours × 1 500 € ») and a stored line must say so without its course at hand.
/// </summary>
public sealed record QuoteLine(string Category, string Label, int Quantity, decimal UnitPricePerDay, decimal Amount, int Days)
{
    /// <summary>The price of one unit for the whole course, in cents (what Stripe calls unit_amount).</summary>
    public long UnitAmountCents(int days) => Money.ToCents(UnitPricePerDay * days);
}

public static class QuoteCategories
{
    public const string Professional = "professional";
    public const string Volunteer = "volunteer";
    public const string Intra = "intra";

    public static string For(TraineeCategory category) => category switch
    {
        TraineeCategory.Professional => Professional,
        TraineeCategory.Volunteer => Volunteer,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static TraineeCategory? Parse(string? value) => value switch
    {
        Professional => TraineeCategory.Professional,
        Volunteer => TraineeCategory.Volunteer,
        _ => null,
    };
}
