namespace Monalisa.Domain.Tariffs;

public enum TrainingMode { Inter, Intra }

public enum TraineeCategory { Professional, Volunteer }

/// <summary>The prices of a course, as its front matter states them.</summary>
/// <param name="Inter">Per-trainee day rates for inter sessions, one per category; empty if the course has no inter sessions.</param>
/// <param name="IntraFlatPerDay">The flat day rate of an intra session; null if the course is not offered intra.</param>
public sealed record TariffSchedule(IReadOnlyList<InterRate> Inter, decimal? IntraFlatPerDay)
{
    public IReadOnlyList<TrainingMode> Modes =>
        [.. (Inter.Count > 0 ? [TrainingMode.Inter] : Array.Empty<TrainingMode>()),
         .. (IntraFlatPerDay is not null ? [TrainingMode.Intra] : Array.Empty<TrainingMode>())];

    public InterRate? RateFor(TraineeCategory category) => Inter.FirstOrDefault(r => r.Category == category);
}

/// <summary>What one trainee of a category pays per day on an inter session.</summary>
public sealed record InterRate(TraineeCategory Category, string Label, decimal PricePerDay);
