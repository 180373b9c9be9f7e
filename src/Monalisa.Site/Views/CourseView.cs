using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;

namespace Monalisa.Site.Views;

/// <summary>
/// What the templates show of a course. Facts come from the course file; every amount is asked of the tariff engine,
/// so no template ever types a price.
/// </summary>
internal sealed record CourseView
{
    public required Course Course { get; init; }
    public required string Url { get; init; }
    public required string IntraUrl { get; init; }
    public required string IntroductionHtml { get; init; }
    public required string DurationText { get; init; }
    public required string Hours { get; init; }
    public required string DailyHours { get; init; }
    public required string UpdatedText { get; init; }
    public required string UpdatedIso { get; init; }
    public required IReadOnlyList<PriceRow> Prices { get; init; }
    public required IReadOnlyList<PriceRow> InterPrices { get; init; }
    public required PriceRow? IntraPrice { get; init; }
    public required string? PriceFromText { get; init; }
    public required IReadOnlyList<SessionView> Sessions { get; init; }
    public required SessionView? NextSession { get; init; }
    /// <summary>« Lyon, Paris et Bordeaux »: where the coming inter sessions take place, in date order; empty if none.</summary>
    public required string ComingCities { get; init; }
    public required string CalendarNote { get; init; }
    public required string? CalendarNoteUrl { get; init; }
    public required string SourcePath { get; init; }
    public required string? Layout { get; init; }
    /// <summary>The satisfaction rate from the published export (api/resultats), with its period and date; null: « Premiers résultats à venir ».</summary>
    public PublishedSatisfaction? Satisfaction { get; init; }

    public static CourseView From(CourseDocument document, DateOnly today, EnrolmentDeadline deadline)
    {
        var course = document.Course;
        var url = SitePages.Root(SitePages.Course(course.Slug));
        var inter = new List<PriceRow>();
        foreach (var rate in course.Tariffs.Inter)
        {
            var professionals = rate.Category == TraineeCategory.Professional ? 1 : 0;
            var quote = Priced(TariffEngine.Price(course, QuoteRequest.Inter(professionals, 1 - professionals)));
            var line = quote.Lines.Single();
            inter.Add(new PriceRow("inter", line.Category, "Inter", $"{line.Label} (par stagiaire)", line.UnitPricePerDay, line.Amount));
        }
        PriceRow? intra = null;
        if (TariffEngine.Price(course, QuoteRequest.Intra()) is QuoteOutcome.Priced { Quote: var intraQuote })
        {
            var line = intraQuote.Lines.Single();
            intra = new PriceRow("intra", line.Category, "Intra", "Session dans votre organisme, forfait quel que soit le nombre de participants", line.UnitPricePerDay, line.Amount);
        }
        var sessions = course.Sessions.OrderBy(s => s.Start).Select(s => SessionView.From(course, s, today, deadline)).ToList();
        var note = course.CalendarNote;
        return new CourseView
        {
            Course = course,
            SourcePath = document.SourcePath,
            Layout = document.Layout,
            Url = url,
            IntraUrl = SitePages.Root(SitePages.IntraRequest(course.Slug)),
            IntroductionHtml = document.BodyHtml,
            DurationText = $"{FrenchFormat.Plural(course.Duration.Days, "jour", "jours")} ({course.Duration.Hours}\u00A0h) {FrenchFormat.LowerFirst(course.Format)}",
            Hours = $"{course.Duration.Hours}\u00A0h",
            DailyHours = FrenchFormat.Hours(course.Schedule.Start, course.Schedule.End),
            UpdatedText = FrenchFormat.Date(course.Updated),
            UpdatedIso = course.Updated.ToString("yyyy-MM-dd"),
            Prices = [.. inter, .. intra is null ? Array.Empty<PriceRow>() : [intra]],
            InterPrices = inter,
            IntraPrice = intra,
            PriceFromText = TariffEngine.PriceFrom(course) is { } from ? FrenchFormat.Euros(from) : null,
            Sessions = sessions,
            NextSession = sessions.FirstOrDefault(s => s.Session.Start > today),
            ComingCities = FrenchFormat.List([.. sessions.Where(s => s.Session.Start > today).Select(s => s.Session.City).Distinct(StringComparer.Ordinal)]),
            CalendarNote = note,
            CalendarNoteUrl = note.StartsWith("www.", StringComparison.Ordinal) ? "https://" + note
                : Uri.TryCreate(note, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps ? note : null,
        };
    }

    internal static Quote Priced(QuoteOutcome outcome) => outcome is QuoteOutcome.Priced priced
        ? priced.Quote
        : throw new InvalidOperationException($"The tariff engine refused a price the course file offers: {outcome}.");
}

/// <summary>One row of the tariffs table: the day rate and the total for the course's duration, from the engine.</summary>
internal sealed record PriceRow(string Mode, string Category, string ModeLabel, string Label, decimal PerDay, decimal Total)
{
    public string PerDayText => FrenchFormat.Euros(PerDay);
    public string TotalText => FrenchFormat.Euros(Total);
    public string PerDayValue => PerDay.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public string TotalValue => Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed record SessionView(CourseSession Session, string Dates, string ShortDates, string EnrolUrl, bool IsOpen, string StaticStatus)
{
    public static SessionView From(Course course, CourseSession session, DateOnly today, EnrolmentDeadline deadline)
    {
        // The build knows dates and capacity only; the live seats and status come from the API in the browser.
        var state = session.StatusOn(today, session.Capacity, deadline);
        var status = state switch
        {
            SessionStatus.Open => FrenchFormat.Plural(session.Capacity, "place", "places"),
            SessionStatus.Full => "Complet",
            SessionStatus.Past => "Session passée",
            _ => "Inscriptions closes",
        };
        return new SessionView(session, FrenchFormat.Range(session.Start, session.End),
            FrenchFormat.Date(session.Start), SitePages.Root(SitePages.Enrol(course.Slug, session.Id)),
            state == SessionStatus.Open, status);
    }
}
