using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monalisa.Domain.Enrolment;

/// <summary>What the anti-bot check makes of a form: sent by a person, or to be sent again in some way. Never a silent drop.</summary>
public abstract record FormVerdict
{
    /// <summary>A filled honeypot is left empty and a valid token is at least the minimum age: carry on.</summary>
    public sealed record Human : FormVerdict;

    /// <summary>A valid token, younger than the minimum (autofill, a fast typist, a script): send again after <paramref name="Wait"/>.</summary>
    public sealed record TooFast(TimeSpan Wait) : FormVerdict;

    /// <summary>No token, a forged one, or one too old (no JavaScript, a bot, a tab left open): offer the form again with a fresh one.</summary>
    public sealed record NoValidToken(FormTokenProblem Problem) : FormVerdict;

    /// <summary>The hidden « website » field was filled: a bot, or a browser's autofill. Offered again too, never dropped.</summary>
    public sealed record Honeypot : FormVerdict;
}

public enum FormTokenProblem { Missing, Invalid, Expired }

/// <summary>How old a form token must be, and may be.</summary>
public sealed record FormTokenRules(TimeSpan MinimumAge, TimeSpan MaximumAge)
{
    /// <summary>A token dated a little ahead comes from an instance whose clock is ahead: counted as just issued.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Recognises bots without trusting the browser: the server issues a time-stamped token signed with HMAC-SHA256 over a
/// secret (<see cref="FormToken"/>), and a form counts only if its token is genuine, at least a few seconds old (a person
/// reads the form; a script that posts at once must wait) and at most a few hours old. A client-sent time proves nothing:
/// it is never read.
/// </summary>
public static class SpamCheck
{
    public static FormVerdict Judge(string? honeypot, string? token, byte[] key, FormTokenRules rules, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(honeypot)) return new FormVerdict.Honeypot();
        if (string.IsNullOrWhiteSpace(token)) return new FormVerdict.NoValidToken(FormTokenProblem.Missing);
        if (FormToken.IssuedAt(token, key) is not { } issued || issued > now + FormTokenRules.ClockSkew)
            return new FormVerdict.NoValidToken(FormTokenProblem.Invalid);
        var age = issued > now ? TimeSpan.Zero : now - issued;
        if (age > rules.MaximumAge) return new FormVerdict.NoValidToken(FormTokenProblem.Expired);
        if (age < rules.MinimumAge) return new FormVerdict.TooFast(rules.MinimumAge - age);
        return new FormVerdict.Human();
    }
}

/// <summary>
/// <c>f1.{issued, Unix seconds}.{nonce}.{HMAC-SHA256 of the rest, base64url}</c>. It carries no personal data and
/// grants nothing but « this form was handed out by the server at that time »; it is not tied to a person or a cookie.
/// </summary>
public static class FormToken
{
    private const string Version = "f1";
    private const int MaxLength = 128;

    public static string Issue(byte[] key, DateTimeOffset now)
    {
        var body = $"{Version}.{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9))}";
        return $"{body}.{Sign(key, body)}";
    }

    /// <summary>When a genuine token was issued; null for anything this server did not sign.</summary>
    public static DateTimeOffset? IssuedAt(string token, byte[] key)
    {
        if (token.Length > MaxLength) return null;
        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != Version) return null;
        var body = string.Join('.', parts[..3]);
        var expected = Encoding.ASCII.GetBytes(Sign(key, body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3]))) return null;
        return long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 100_000_000_000
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    private static string Sign(byte[] key, string body) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body)));
}
