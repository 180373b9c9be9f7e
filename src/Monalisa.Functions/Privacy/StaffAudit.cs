using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Identity;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Privacy;

/// <summary>What staff did with a person's data.</summary>
internal enum PrivacyAct { Search, Export, Erase }

/// <summary>One line of the audit log, as the console shows it.</summary>
internal sealed record AuditEntry(DateTimeOffset At, string StaffName, PrivacyAct Act, int Records, string SubjectKey);

/// <summary>
/// The audit log of acts on personal data (RGPD, article 30's accountability): who (the Entra ID identity), what, when,
/// how many records, and the person as a keyed hash of their address, never the address: the log itself must not
/// become a list of people. Partitioned by month, newest first.
/// </summary>
internal sealed class StaffAudit(TableServiceClient tables, StorageSetup storage, AbuseSettings abuse, TimeProvider clock)
{
    private readonly byte[] _key = abuse.KeyFor("audit");

    /// <summary>The same person always gets the same key, so that staff can see every act about them without the address.</summary>
    public string SubjectKey(string comparableEmail) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(comparableEmail)))[..16];

    public async Task RecordAsync(StaffMember member, PrivacyAct act, string comparableEmail, int records, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var now = clock.GetUtcNow();
        // Inverted ticks: a month's partition reads newest first.
        var rowKey = $"{(DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await tables.GetTableClient(TableNames.StaffAudit).AddEntityAsync(new TableEntity(Month(now), rowKey)
        {
            ["At"] = now,
            ["StaffId"] = member.Id,
            ["StaffName"] = member.Name,
            ["Act"] = act.ToString(),
            ["Records"] = records,
            ["Subject"] = SubjectKey(comparableEmail),
        }, cancellationToken);
    }

    /// <summary>The acts of this month and the last, newest first.</summary>
    public async Task<List<AuditEntry>> RecentAsync(int max, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.StaffAudit);
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var month in new[] { Month(now), Month(now.AddMonths(-1)) })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {month}"), maxPerPage: max, cancellationToken: cancellationToken))
            {
                entries.Add(new AuditEntry(row.GetDateTimeOffset("At") ?? now, row.GetString("StaffName"), Enum.Parse<PrivacyAct>(row.GetString("Act")),
                    row.GetInt32("Records") ?? 0, row.GetString("Subject")));
                if (entries.Count >= max) return entries;
            }
        }
        return entries;
    }

    private static string Month(DateTimeOffset at) => at.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
