using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Abuse;

/// <summary>One limit: at most <paramref name="Limit"/> requests per <paramref name="Window"/> for one subject (an address, an email, an enrolment).</summary>
internal sealed record RateRule(string Name, int Limit, TimeSpan Window);

internal abstract record RateDecision
{
    public sealed record Allowed : RateDecision;
    public sealed record Limited(TimeSpan RetryAfter) : RateDecision;
}

/// <summary>
/// Fixed-window counters in Table Storage, so that a limit holds across every instance the app scales out to. One row per
/// subject and window: PartitionKey = the window's start (so that old windows are deleted partition by partition),
/// RowKey = the rule and an HMAC of the subject under the app's secret (no address or email is stored, and a leaked table
/// cannot be reversed by hashing guesses). Each count is a read and an If-Match write: two instances never lose a count.
/// </summary>
internal sealed class RateLimiter(TableServiceClient tables, StorageSetup storage, AbuseSettings settings, TimeProvider clock)
{
    private const string CountColumn = "Count";
    private readonly byte[] _key = settings.KeyFor("rate-limit");

    /// <summary>Counts this request against every rule; the first rule over its limit says how long to wait.</summary>
    public async Task<RateDecision> HitAsync(IEnumerable<(RateRule Rule, string? Subject)> checks, CancellationToken cancellationToken)
    {
        if (!settings.RateLimitsEnabled) return new RateDecision.Allowed();
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.RateLimits);
        foreach (var (rule, subject) in checks)
        {
            if (string.IsNullOrWhiteSpace(subject)) continue;
            if (await HitAsync(table, rule, subject.Trim().ToLowerInvariant(), cancellationToken) is RateDecision.Limited limited) return limited;
        }
        return new RateDecision.Allowed();
    }

    private async Task<RateDecision> HitAsync(TableClient table, RateRule rule, string subject, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var windowSeconds = (long)rule.Window.TotalSeconds;
        var start = now.ToUnixTimeSeconds() / windowSeconds * windowSeconds;
        var retryAfter = DateTimeOffset.FromUnixTimeSeconds(start + windowSeconds) - now;
        var partition = Window(start);
        var row = $"{rule.Name}|{Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(rule.Name + "|" + subject)))}";

        return await OptimisticRetry.RunAsync<RateDecision>(async _ =>
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(partition, row) { [CountColumn] = 1 }, cancellationToken);
                    return new RateDecision.Allowed();
                }
                var count = current.Value!.GetInt32(CountColumn) ?? 0;
                if (count >= rule.Limit) return new RateDecision.Limited(retryAfter);
                await table.UpdateEntityAsync(new TableEntity(partition, row) { [CountColumn] = count + 1 }, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return new RateDecision.Allowed();
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                return null; // another instance counted first: read again
            }
        },
        // Dozens of requests on one subject at the same instant is itself a flood: refuse rather than wait.
        () => new RateDecision.Limited(retryAfter), cancellationToken, maxAttempts: 10);
    }

    /// <summary>Deletes the counters of windows that started over a day before <paramref name="now"/>: no window is longer.</summary>
    public async Task<int> DeleteEndedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.RateLimits);
        var cutoff = Window(now.ToUnixTimeSeconds() - (long)TimeSpan.FromDays(1).TotalSeconds);
        var rows = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey lt {cutoff}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            rows.Add(entity);
        var deleted = 0;
        foreach (var chunk in rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
                deleted += chunk.Length;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // Another instance swept these first.
            }
        }
        return deleted;
    }

    /// <summary>Fixed width, so that string order is time order.</summary>
    private static string Window(long startSeconds) => startSeconds.ToString("D12", CultureInfo.InvariantCulture);
}
