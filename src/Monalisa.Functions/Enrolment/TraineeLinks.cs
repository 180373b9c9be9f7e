using System.Security.Cryptography;
using System.Text;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// The token of a trainee's personal links (attendance signing, questionnaires): an HMAC of what the link is for, the
/// session and the trainee's pseudonym (<see cref="TraineeLocks.TraineeKey"/>) under a key derived from the lock key.
/// Nothing is stored: an email written days later carries the same token, and a copy of the tables opens no link.
/// Each purpose has its own token, so a questionnaire link cannot sign an attendance sheet.
/// </summary>
internal sealed class TraineeLinks(TraineeLockOptions options)
{
    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.LockKey), "trainee-link"u8);

    public string Token(string purpose, string sessionId, string traineeKey) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}|{sessionId}|{traineeKey}")));

    public bool Matches(string? token, string purpose, string sessionId, string traineeKey) =>
        !string.IsNullOrEmpty(token) && token.Length <= 100
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(Token(purpose, sessionId, traineeKey)));
}
