using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Staff;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Staff.Console;

// What the console's templates read (site/theme/pages/equipe-*.liquid). Codes, figures and dates only: the words for
// each code (a reason, a command, an email) are the templates'.

/// <summary>One session's line of the dashboard.</summary>
internal sealed record SessionRow(string Id, string CourseTitle, CourseSession Session, SessionFigures Figures, IReadOnlyList<DecisionView> Decisions)
{
    public string Url => ConsolePaths.Session(Id);
    public int Capacity => Session.Capacity;
    public int Free => Math.Max(0, Session.Capacity - Figures.PlacesTaken);
    public IReadOnlyList<HeldView> Held => [.. Figures.Held.Select(h => new HeldView(h.State.ToString(), StateNames.French(h.State), h.Places))];
}

internal sealed record HeldView(string State, string Label, int Places);

/// <summary>An enrolment waiting for a staff decision: why, until when, whose, and its page.</summary>
internal sealed record DecisionView(string EnrolmentId, string Reason, DateTimeOffset? Until, string Payer)
{
    public string Url => ConsolePaths.Enrolment(EnrolmentId);

    public static DecisionView Of(DecisionNeeded decision, EnrolmentRecord enrolment) =>
        new(decision.EnrolmentId, decision.Reason.ToString(), decision.Until, enrolment.Payer.Name);
}

/// <summary>An enrolment as the session page lists it.</summary>
internal sealed record EnrolmentLine(
    string Id, string State, string StateLabel, DateTimeOffset CreatedAt, string PayerName, string PayerEmail, string PaymentMethod,
    IReadOnlyList<TraineeView> Trainees)
{
    public string Url => ConsolePaths.Enrolment(Id);

    public static EnrolmentLine Of(EnrolmentRecord e) => new(
        e.Id, e.State.ToString(), StateNames.French(e.State), e.CreatedAt, e.Payer.Name, e.Payer.Email, e.PaymentMethod.ToString(),
        [.. e.Trainees.Select(TraineeView.Of)]);
}

internal sealed record TraineeView(
    int Index, string Name, string Email, string? Phone, string? Organisation, string? JobTitle, string Category, DeclarationView? Declaration)
{
    public static TraineeView Of(Trainee t, int index) => new(
        index, $"{t.FirstName} {t.LastName}", t.Email, t.Phone, t.Organisation, t.JobTitle, QuoteCategories.For(t.Category),
        t.VolunteerDeclaration is { } d ? new DeclarationView(d.Association, d.DeclaredAt, d.AwaitsApproval) : null);
}

internal sealed record DeclarationView(string Association, DateTimeOffset DeclaredAt, bool AwaitsApproval);

/// <summary>
/// One line of an enrolment's timeline. <see cref="Type"/>: « event » (a command or an act such as a note, worded by
/// its <see cref="Kind"/>), « email » (an outbox row), « refund » (a refund row), « created ».
/// </summary>
internal sealed record TimelineEntry(
    DateTimeOffset At, string Type, string Kind, string ActorKind, string? ActorName,
    string? From, string? To, IReadOnlyDictionary<string, string> Detail)
{
    public string? FromLabel => From is null ? null : StateNames.French(Enum.Parse<EnrolmentState>(From));
    public string? ToLabel => To is null ? null : StateNames.French(Enum.Parse<EnrolmentState>(To));
    public bool Moved => From is not null && From != To;
    /// <summary>The machine-readable time of the line, for &lt;time datetime&gt;.</summary>
    public string Iso => At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The console's own paths (the pages) and the contract's action routes.</summary>
internal static class ConsolePaths
{
    public const string Dashboard = "/api/equipe";
    public static string Session(string sessionId) => $"/api/equipe/sessions/{Uri.EscapeDataString(sessionId)}";
    public static string Enrolment(string enrolmentId) => $"/api/equipe/inscriptions/{Uri.EscapeDataString(enrolmentId)}";
    public static string EnrolmentAction(string enrolmentId, string action) => $"/api/staff/enrolments/{Uri.EscapeDataString(enrolmentId)}/{action}";
    public static string SessionAction(string sessionId, string action) => $"/api/staff/sessions/{Uri.EscapeDataString(sessionId)}/{action}";
    public static string SessionCsv(string sessionId) => $"/api/staff/sessions/{Uri.EscapeDataString(sessionId)}/enrolments.csv";
}
