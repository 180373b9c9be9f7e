using System.Buffers.Text;
using System.Security.Cryptography;

namespace Monalisa.Domain.Identity;

/// <summary>
/// Ids of stored requests are <c>{partition}_{16 random chars}</c>: an enrolment's partition is its session id, an intra
/// request's the month it arrived; a lookup is a point read. The id is not a secret; the access token is.
/// </summary>
public static class RecordId
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const int RandomLength = 16;

    public static string New(string sessionId) => $"{sessionId}_{RandomText(RandomLength)}";

    /// <summary>Splits an id from a URL, refusing anything that is not exactly our shape (no Table key can be injected).</summary>
    public static bool TryParse(string? id, out string partition)
    {
        partition = "";
        if (id is null || id.Length > 120) return false;
        var separator = id.LastIndexOf('_');
        if (separator <= 0 || id.Length - separator - 1 != RandomLength) return false;
        var session = id[..separator];
        var random = id[(separator + 1)..];
        if (!session.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') || !random.All(c => Alphabet.Contains(c)))
            return false;
        partition = session;
        return true;
    }

    public static string RandomText(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        return new string(bytes.Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }
}

/// <summary>The secret that lets a trainee read their enrolment's status: 256 random bits, stored only as a hash.</summary>
public static class AccessToken
{
    public static (string Token, string Hash) New()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time comparison of the given token's hash with the stored one.</summary>
    public static bool Matches(string? token, string storedHash)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return false;
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Hash(token)), System.Text.Encoding.ASCII.GetBytes(storedHash));
    }
}
