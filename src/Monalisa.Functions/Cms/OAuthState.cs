using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Monalisa.Functions.Cms;

/// <summary>What a callback's state is worth: only <see cref="Valid"/> lets the code be exchanged.</summary>
internal enum StateCheck { Valid, Missing, Expired, Mismatch }

/// <summary>
/// The OAuth <c>state</c> (RFC 6749 §10.12): a random value sent to GitHub and kept, signed and dated, in an HttpOnly
/// cookie of the browser that asked. A callback completes only in that browser and within <see cref="Lifetime"/>, so
/// nobody can sign a staff member in to someone else's GitHub account. Plain C#: the functions only carry it.
/// </summary>
internal sealed class OAuthState(string clientSecret, TimeProvider clock)
{
    /// <summary>Time to sign in on GitHub (two-factor included).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Its own key, derived from the client secret: the state signature is not the secret itself.
    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), "monalisa-cms-state"u8);

    public (string State, string Cookie) Issue()
    {
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (state, $"{state}.{expires}.{Sign(state, expires)}");
    }

    public StateCheck Check(string? state, string? cookie)
    {
        if (string.IsNullOrEmpty(state) || string.IsNullOrEmpty(cookie)) return StateCheck.Missing;
        var parts = cookie.Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expires))
            return StateCheck.Mismatch;
        if (!Same(parts[2], Sign(parts[0], parts[1])) || !Same(parts[0], state)) return StateCheck.Mismatch;
        return clock.GetUtcNow().ToUnixTimeSeconds() > expires ? StateCheck.Expired : StateCheck.Valid;
    }

    private string Sign(string state, string expires) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(state + "." + expires)));

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
