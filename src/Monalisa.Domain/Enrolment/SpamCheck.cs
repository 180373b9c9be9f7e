namespace Monalisa.Domain.Enrolment;

/// <summary>Recognises bots: a filled honeypot, or a form sent faster than a person can fill it.</summary>
public static class SpamCheck
{
    public static readonly TimeSpan MinimumFillTime = TimeSpan.FromSeconds(3);

    public static bool LooksAutomated(string? honeypot, long? renderedAt, long? submittedAt, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(honeypot))
            return true;
        if (renderedAt is not { } shown)
            return false;
        // Both times come from the browser's clock when the form sends both, so clock skew cancels out.
        var sent = submittedAt ?? now.ToUnixTimeMilliseconds();
        var elapsed = sent - shown;
        // A negative delay is a skewed clock, not a bot: never drop a person on a guess.
        return elapsed >= 0 && elapsed < MinimumFillTime.TotalMilliseconds;
    }
}
