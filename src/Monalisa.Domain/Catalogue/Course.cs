using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Catalogue;

/// <summary>A course as the catalogue knows it: the facts from its front matter.</summary>
public sealed record Course
{
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public required string Subtitle { get; init; }
    public required string Description { get; init; }
    public required CourseDuration Duration { get; init; }
    public required string Format { get; init; }
    public required string Location { get; init; }
    public required string Audience { get; init; }
    public required IReadOnlyList<string> Prerequisites { get; init; }
    public required IReadOnlyList<string> Objectives { get; init; }
    public required IReadOnlyList<ContentSection> Contents { get; init; }
    public required string Methods { get; init; }
    /// <summary>How what was learnt is assessed (Qualiopi indicator 11).</summary>
    public required string Assessment { get; init; }
    /// <summary>What each trainee receives at the end (attestation de fin de formation, certificat de réalisation).</summary>
    public required string EndOfCourse { get; init; }
    /// <summary>The ways the course can be funded, as published (OPCO, employer's plan, self-funded…).</summary>
    public required IReadOnlyList<string> Funding { get; init; }
    /// <summary>Published result figures (Qualiopi indicator 2); empty until the first sessions give some.</summary>
    public required IReadOnlyList<ResultFigure> Results { get; init; }
    public required string CalendarNote { get; init; }
    public required DailySchedule Schedule { get; init; }
    public required TariffSchedule Tariffs { get; init; }
    public required IReadOnlyList<CourseSession> Sessions { get; init; }
    public required DateOnly Updated { get; init; }
    /// <summary>The BPF's facts (F-3 objective, F-4 NSF speciality); null in a course file that does not state them yet.</summary>
    public CourseBpf? Bpf { get; init; }

    public IReadOnlyList<TrainingMode> Modes => Tariffs.Modes;

    public CourseSession? FindSession(string sessionId) =>
        Sessions.FirstOrDefault(s => string.Equals(s.Id, sessionId, StringComparison.Ordinal));

    /// <summary>The first session that has not started on <paramref name="today"/>, if any.</summary>
    public CourseSession? NextSession(DateOnly today) =>
        Sessions.Where(s => s.Start > today).OrderBy(s => s.Start).FirstOrDefault();
}

public sealed record CourseDuration(int Days, int Hours);

/// <summary>One published result: « 92 % » « des stagiaires satisfaits ou très satisfaits », measured over a period.</summary>
public sealed record ResultFigure(string Figure, string Label, string Period);

/// <summary>A titled group of items, as the brochure's « Contenus » are.</summary>
public sealed record ContentSection(string Heading, IReadOnlyList<string> Items);

/// <summary>
/// The daily hours of a session day (local time, Europe/Paris), with the lunch break that cuts it into two half-days.
/// Attendance is signed per half-day (one signature per trainee per half-day is what courts and OPCOs check), so the
/// half-days are facts of the course file, not guesses.
/// </summary>
public sealed record DailySchedule(TimeOnly Start, TimeOnly End, TimeSlot? Break = null)
{
    /// <summary>Morning then afternoon; a single slot for a day without a break (a half-day course).</summary>
    public IReadOnlyList<TimeSlot> Slots => Break is { } pause
        ? [new TimeSlot(Start, pause.Start), new TimeSlot(pause.End, End)]
        : [new TimeSlot(Start, End)];

    /// <summary>Teaching minutes in one day: the break does not count.</summary>
    public int MinutesPerDay => Slots.Sum(s => s.Minutes);
}

/// <summary>A span of local time within a day.</summary>
public sealed record TimeSlot(TimeOnly Start, TimeOnly End)
{
    public int Minutes => (int)(End - Start).TotalMinutes;
}
