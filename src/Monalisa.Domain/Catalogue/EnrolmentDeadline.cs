namespace Monalisa.Domain.Catalogue;

/// <summary>
/// The published inter enrolment deadline: « Inscription possible jusqu'à N jours avant le début ». One number
/// (site/settings.yml <c>Enrolment.ClosesDaysBefore</c>) decides what the course page says, what the sessions API
/// reports and what the server accepts, so they cannot disagree.
/// </summary>
public sealed record EnrolmentDeadline
{
    public EnrolmentDeadline(int closesDaysBefore)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(closesDaysBefore);
        ClosesDaysBefore = closesDaysBefore;
    }

    /// <summary>Enrolment open until the day before the start: the rule before the delay was a setting.</summary>
    public static EnrolmentDeadline None { get; } = new(0);

    public int ClosesDaysBefore { get; }

    /// <summary>The last day an online inter enrolment is accepted for a session starting on <paramref name="start"/>.</summary>
    public DateOnly LastEnrolmentDay(DateOnly start) => start.AddDays(-Math.Max(ClosesDaysBefore, 1));
}
