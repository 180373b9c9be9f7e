namespace Monalisa.Domain.Enrolment;

/// <summary>
/// Who funds an enrolment, in the BPF's terms (Cerfa 10443, section C and line F-1): a company for its employees (C1),
/// an OPCO or another fund (C2), a public body for its agents (C3), a person for themselves (C9), anything else (C11).
/// The BPF derives a default from the payer; staff may correct it (<see cref="FundingClassCorrection"/>).
/// </summary>
public enum FundingClass { Company, Opco, PublicBody, Individual, Other }

/// <summary>A staff correction of the enrolment's funding class: what, why, who and when (the timeline logs it too).</summary>
public sealed record FundingClassCorrection(FundingClass Class, string Reason, string? By, DateTimeOffset At)
{
    /// <summary>
    /// A statistical class, not money nor places: recorded whatever the state, with no email; a reason is required, and
    /// the same class with the same reason twice is no change.
    /// </summary>
    public static Decision Decide(EnrolmentRecord before, EnrolmentCommand.FundingClassCorrected corrected, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(corrected.Reason)) return new Decision.Refused();
        var reason = corrected.Reason.Trim();
        if (before.FundingCorrection is { } current && current.Class == corrected.Class && current.Reason == reason) return new Decision.Unchanged();
        var after = before with { FundingCorrection = new FundingClassCorrection(corrected.Class, reason, corrected.By, now), UpdatedAt = now };
        return new Decision.Write(new EnrolmentDecision(after, SeatChange.None, []));
    }
}
