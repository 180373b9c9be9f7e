using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// One row per trainee email in the session's partition, written with the places: a second enrolment of the same person
/// in the same session fails its insert. Only a hash of the address is stored.
/// </summary>
internal static class TraineeLocks
{
    public const string EnrolmentIdColumn = "EnrolmentId";

    public static string Key(string email) =>
        Keys.TraineePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    public static IEnumerable<TableEntity> Of(EnrolmentRecord enrolment) =>
        enrolment.Trainees.Select(t => new TableEntity(enrolment.SessionId, Key(t.Email)) { [EnrolmentIdColumn] = enrolment.Id });

    public static bool IsLock(string? rowKey) => rowKey is not null && rowKey.StartsWith(Keys.TraineePrefix, StringComparison.Ordinal);

    /// <summary>Which trainee a failed lock insert was about.</summary>
    public static int IndexOf(EnrolmentRecord enrolment, string lockKey)
    {
        for (var i = 0; i < enrolment.Trainees.Count; i++)
            if (Key(enrolment.Trainees[i].Email) == lockKey) return i;
        return 0;
    }

    /// <summary>Removes the locks that are still this enrolment's (retention: the session is long over).</summary>
    public static async Task DeleteAsync(TableClient table, EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        foreach (var lockEntity in Of(enrolment))
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(lockEntity.PartitionKey, lockEntity.RowKey, cancellationToken: cancellationToken);
            if (current.HasValue && current.Value!.GetString(EnrolmentIdColumn) == enrolment.Id)
                await table.DeleteEntityAsync(lockEntity.PartitionKey, lockEntity.RowKey, current.Value.ETag, cancellationToken);
        }
    }
}
