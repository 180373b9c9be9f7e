using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// One row per trainee email in the session's partition, written with the places: a second enrolment of the same person
/// in the same session fails its insert. The row key is an HMAC-SHA256 of the normalised address under a secret key
/// (<see cref="TraineeLockOptions.LockKey"/>): a plain hash of an address can be found again by hashing guesses, and
/// look-alike spellings of one address (full-width letters, case of the domain) must fall on the same row.
/// </summary>
internal sealed class TraineeLocks(TraineeLockOptions options)
{
    public const string EnrolmentIdColumn = "EnrolmentId";

    private readonly byte[] key = Encoding.UTF8.GetBytes(options.LockKey);

    public string Key(string email) => Keys.TraineePrefix + TraineeKey(email);

    /// <summary>
    /// The trainee's pseudonym within a session: the lock's keyed hash without its prefix. Attendance, certificates and
    /// questionnaires name a trainee by it (with the enrolment id), never by name or address.
    /// </summary>
    public string TraineeKey(string email) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Comparable(email))));

    /// <summary>The spelling a lock compares: normalised (NFKC, domain in lower case), then wholly in lower case, as before.</summary>
    public static string Comparable(string email) => (EmailNormalisation.Normalise(email, out _) ?? email.Trim()).ToLowerInvariant();

    public IEnumerable<TableEntity> Of(EnrolmentRecord enrolment) =>
        enrolment.Trainees.Select(t => new TableEntity(enrolment.SessionId, Key(t.Email)) { [EnrolmentIdColumn] = enrolment.Id });

    public static bool IsLock(string? rowKey) => rowKey is not null && rowKey.StartsWith(Keys.TraineePrefix, StringComparison.Ordinal);

    /// <summary>Which trainee a failed lock insert was about.</summary>
    public int IndexOf(EnrolmentRecord enrolment, string lockKey)
    {
        for (var i = 0; i < enrolment.Trainees.Count; i++)
            if (Key(enrolment.Trainees[i].Email) == lockKey) return i;
        return 0;
    }

    /// <summary>For each trainee of <paramref name="request"/> whose place in the session is held, the id of the enrolment holding it.</summary>
    public async Task<List<(int TraineeIndex, string EnrolmentId)>> HoldersAsync(TableClient table, EnrolmentRecord request, CancellationToken cancellationToken)
    {
        var holders = new List<(int, string)>();
        for (var i = 0; i < request.Trainees.Count; i++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(request.SessionId, Key(request.Trainees[i].Email), [EnrolmentIdColumn], cancellationToken);
            if (row.HasValue && row.Value!.GetString(EnrolmentIdColumn) is { Length: > 0 } holder && holder != request.Id) holders.Add((i, holder));
        }
        return holders;
    }

    /// <summary>Removes the locks that are still this enrolment's (retention: the session is long over).</summary>
    public async Task DeleteAsync(TableClient table, EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        foreach (var lockEntity in Of(enrolment))
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(lockEntity.PartitionKey, lockEntity.RowKey, cancellationToken: cancellationToken);
            if (current.HasValue && current.Value!.GetString(EnrolmentIdColumn) == enrolment.Id)
                await table.DeleteEntityAsync(lockEntity.PartitionKey, lockEntity.RowKey, current.Value.ETag, cancellationToken);
        }
    }
}

/// <summary>The secret the trainee locks are keyed with (<c>Enrolment:LockKey</c>, from Key Vault in Azure).</summary>
internal sealed class TraineeLockOptions
{
    /// <summary>At least this many characters: 32 random bytes in base64 are 44.</summary>
    public const int MinimumLength = 32;

    public string LockKey { get; set; } = "";
}

/// <summary>
/// Refuses, at start, a missing or short key, and a Key Vault reference the platform did not resolve (its text would
/// otherwise become the key, and every lock would change the day it resolves).
/// </summary>
internal sealed class TraineeLockOptionsValidator : IValidateOptions<TraineeLockOptions>
{
    public ValidateOptionsResult Validate(string? name, TraineeLockOptions options) =>
        options.LockKey.StartsWith("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.EnrolmentLockKey} est une référence Key Vault non résolue (droits de l'identité sur le coffre ?).")
            : options.LockKey.Trim().Length < TraineeLockOptions.MinimumLength
                ? ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.EnrolmentLockKey} est obligatoire ({TraineeLockOptions.MinimumLength} caractères au moins, aléatoires ; voir docs/deploy.md).")
                : ValidateOptionsResult.Success;
}
