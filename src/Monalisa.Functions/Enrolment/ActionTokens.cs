using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// The token of a self-funded trainee's withdrawal and instalment links. The enrolment stores only a random seed
/// (<see cref="EnrolmentRecord.ActionTokenSeed"/>); the token is an HMAC of the enrolment id and that seed under a key
/// derived from the lock key (which never changes), so a copy of the table alone opens no link, and emails written
/// days later still carry the same token.
/// </summary>
internal sealed class ActionTokens(TraineeLockOptions options)
{
    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.LockKey), "action-token"u8);

    /// <summary>The token of this enrolment's links; empty when it has none (not self-funded).</summary>
    public string For(EnrolmentRecord enrolment) => enrolment.ActionTokenSeed is { } seed
        ? Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(enrolment.Id + "|" + seed)))
        : "";

    public bool Matches(string? token, EnrolmentRecord enrolment)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100 || enrolment.ActionTokenSeed is null) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(For(enrolment)));
    }
}
