using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Monalisa.Domain.Attendance;

/// <summary>
/// The 6-digit code the trainer's page shows while a half-day is open: an HMAC of the current 60-second step under the
/// half-day's own random secret (RFC 6238 style, SHA-256). Only someone in the room sees it; the current and the previous
/// step are accepted, so a code read just before it changes still works (about two minutes).
/// </summary>
public static class AttendanceCode
{
    public const int StepSeconds = 60;
    public const int Digits = 6;

    /// <summary>A new random secret for a half-day that is being opened (32 bytes, base64).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static long Step(DateTimeOffset now) => now.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code of the step <paramref name="now"/> falls in.</summary>
    public static string At(string secret, DateTimeOffset now) => Of(secret, Step(now));

    /// <summary>When the code shown at <paramref name="now"/> changes.</summary>
    public static DateTimeOffset NextChange(DateTimeOffset now) => DateTimeOffset.FromUnixTimeSeconds((Step(now) + 1) * StepSeconds);

    /// <summary>True for the code of the current step or of the previous one; spaces typed inside the code are ignored.</summary>
    public static bool Accepts(string secret, string? typed, DateTimeOffset now)
    {
        var code = new string((typed ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (code.Length != Digits || !code.All(char.IsAsciiDigit)) return false;
        var step = Step(now);
        return Same(code, Of(secret, step)) | Same(code, Of(secret, step - 1));
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));

    private static string Of(string secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA256.HashData(Convert.FromBase64String(secret), counter);
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }
}
