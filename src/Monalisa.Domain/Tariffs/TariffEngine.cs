using Monalisa.Domain.Catalogue;

namespace Monalisa.Domain.Tariffs;

/// <summary>What is asked to be priced: a mode and, for inter, how many trainees of each category.</summary>
public sealed record QuoteRequest(TrainingMode Mode, IReadOnlyDictionary<TraineeCategory, int> Trainees)
{
    public static QuoteRequest Intra() => new(TrainingMode.Intra, new Dictionary<TraineeCategory, int>());

    public static QuoteRequest Inter(int professionals, int volunteers) => new(TrainingMode.Inter, new Dictionary<TraineeCategory, int>
    {
        [TraineeCategory.Professional] = professionals,
        [TraineeCategory.Volunteer] = volunteers,
    });
}

public abstract record QuoteOutcome
{
    public sealed record Priced(Quote Quote) : QuoteOutcome;
    public sealed record ModeNotOffered(TrainingMode Mode) : QuoteOutcome;
    public sealed record CategoryNotOffered(TraineeCategory Category) : QuoteOutcome;
}

/// <summary>
/// Prices a course from the tariffs in its front matter. Inter: each trainee pays their category's day rate
/// for each day of the course. Intra: a flat day rate, whatever the number of participants.
/// </summary>
public static class TariffEngine
{
    /// <summary>The intra line's name; its one unit is the whole session, priced by its days (« 2 jours × 1 500 € »).</summary>
    public const string IntraLabel = "Session intra";

    public static QuoteOutcome Price(Course course, QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(request);
        var days = course.Duration.Days;
        var tariffs = course.Tariffs;

        if (request.Mode == TrainingMode.Intra)
        {
            if (tariffs.IntraFlatPerDay is not { } flat)
                return new QuoteOutcome.ModeNotOffered(TrainingMode.Intra);
            var line = new QuoteLine(QuoteCategories.Intra, IntraLabel, 1, flat, flat * days, days);
            return Priced(course, TrainingMode.Intra, days, [line]);
        }

        if (tariffs.Inter.Count == 0)
            return new QuoteOutcome.ModeNotOffered(TrainingMode.Inter);

        var lines = new List<QuoteLine>();
        foreach (var (category, quantity) in request.Trainees.OrderBy(t => t.Key))
        {
            if (quantity < 0)
                throw new ArgumentOutOfRangeException(nameof(request), "A trainee count cannot be negative.");
            if (quantity == 0)
                continue;
            if (tariffs.RateFor(category) is not { } rate)
                return new QuoteOutcome.CategoryNotOffered(category);
            lines.Add(new QuoteLine(QuoteCategories.For(category), rate.Label, quantity, rate.PricePerDay, rate.PricePerDay * days * quantity, days));
        }
        return Priced(course, TrainingMode.Inter, days, lines);
    }

    /// <summary>The lowest price a visitor can pay for the course, for « à partir de » on a catalogue card.</summary>
    public static decimal? PriceFrom(Course course)
    {
        var perTrainee = course.Tariffs.Inter.Select(r => r.PricePerDay * course.Duration.Days).ToList();
        return perTrainee.Count > 0 ? perTrainee.Min() : course.Tariffs.IntraFlatPerDay * course.Duration.Days;
    }

    private static QuoteOutcome.Priced Priced(Course course, TrainingMode mode, int days, IReadOnlyList<QuoteLine> lines) =>
        new(new Quote(course.Slug, mode, Quote.Euro, days, lines, lines.Sum(l => l.Amount)));
}
