using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// A request that named someone already holding a place in the session: nothing is held for it, and the asker is
/// answered as for any request received (EnrolmentResults), so the answer does not tell a stranger who is enrolled.
/// Those concerned hear of it at the addresses on file (NoticePlan.ForDuplicateRequest decides who), staff too.
/// Each of these emails goes at most once a day per recipient and enrolment: its outbox row key is derived from them
/// and the day, so a probe repeated a hundred times, or a replayed request, adds nothing.
/// </summary>
internal sealed class DuplicateRequests(TableServiceClient tables, StorageSetup storage, TraineeLocks locks, EnrolmentStore enrolments,
    OutboxDispatcher outbox, TimeProvider clock)
{
    public async Task ReportAsync(EnrolmentRecord request, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Enrolments);
        var now = clock.GetUtcNow();
        foreach (var holder in (await locks.HoldersAsync(table, request, cancellationToken)).GroupBy(h => h.EnrolmentId))
        {
            if (await enrolments.GetAsync(holder.Key, cancellationToken) is not { AnonymisedAt: null } existing) continue;
            var named = holder.Select(h => TraineeLocks.Comparable(request.Trainees[h.TraineeIndex].Email)).ToHashSet(StringComparer.Ordinal);
            var onFile = existing.Trainees.Select((t, i) => (Email: TraineeLocks.Comparable(t.Email), Index: i))
                .Where(t => named.Contains(t.Email)).Select(t => t.Index).ToList();
            var notices = NoticePlan.ForDuplicateRequest(existing, onFile, request.Payer.Email);
            var written = new List<TableEntity>();
            foreach (var record in OutboxRecord.ForNotices(existing.SessionId, EnrolmentEntityMapping.RowKey(existing), notices, now))
            {
                var once = new TableEntity(record) { RowKey = OncePerDay(record, now) };
                try
                {
                    await table.AddEntityAsync(once, cancellationToken);
                    written.Add(once);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    // Already said today.
                }
            }
            await outbox.EnqueueAsync(TableNames.Enrolments, written, cancellationToken);
        }
    }

    /// <summary>The same key all day for one kind, recipient and enrolment; starting with the day keeps rows in time order.</summary>
    private static string OncePerDay(TableEntity record, DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var who = string.Join('|', record.GetString(OutboxRecord.Subject), record.GetString(OutboxRecord.Kind), record.GetString(OutboxRecord.Role),
            record.GetInt32(OutboxRecord.TraineeIndex)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(who)))[..24];
        return $"{Keys.OutboxPrefix}{day.UtcTicks:D19}-{digest}";
    }
}
