using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Idempotency;

internal abstract record IdempotencyClaim
{
    /// <summary>First use of the key: carry out the request with this id and token.</summary>
    public sealed record First(string ResourceId, string Token) : IdempotencyClaim;
    /// <summary>The key was used before with the same body: answer as the first time (<paramref name="FinalAnswer"/> if it was not a creation).</summary>
    public sealed record Replay(string ResourceId, string Token, string? FinalAnswer) : IdempotencyClaim;
    /// <summary>The key was used before with another body.</summary>
    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>
/// Idempotency-Key records (eShop's IdentifiedCommand idea). The first request with a key reserves the id and token of
/// what it creates, so a retry — even after a crash half-way — lands on the same enrolment instead of a second one.
/// PartitionKey = SHA-256 of the key (no user text in keys), RowKey = "".
/// <para>The token is a bearer secret and is not stored: the record keeps a random salt, and the token is
/// HMAC-SHA-256(salt, scope + key), recomputed on a replay from the key the client sends again. Reading the table
/// gives neither the token nor the key (only its hash); a client that picks a guessable key weakens only its own token.</para>
/// </summary>
internal sealed class IdempotencyStore(TableServiceClient tables, StorageSetup storage, TimeProvider clock)
{
    public const int MaxKeyLength = 200;

    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Claims the key; <paramref name="newResource"/> gives the id (its token is unused: the store derives the token, see above).</summary>
    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string requestHash, Func<(string Id, string Token)> newResource, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Idempotency);
        var partition = HashOf(scope + "\n" + key);
        // Insert first: a key is almost always new, so one round trip; a 409 means it was seen, and is read back.
        return await OptimisticRetry.RunAsync(
            _ => TryClaimAsync(table, partition, scope + "\n" + key, requestHash, newResource, cancellationToken),
            () => throw new InvalidOperationException("Idempotency record kept changing."),
            cancellationToken, maxAttempts: 3);
    }

    private async Task<IdempotencyClaim?> TryClaimAsync(TableClient table, string partition, string scopedKey, string requestHash, Func<(string Id, string Token)> newResource, CancellationToken cancellationToken)
    {
        var (id, _) = newResource();
        var salt = RandomNumberGenerator.GetBytes(32);
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, "")
            {
                ["RequestHash"] = requestHash,
                ["ResourceId"] = id,
                [TokenSaltColumn] = Convert.ToBase64String(salt),
                ["CreatedAt"] = clock.GetUtcNow(),
            }, cancellationToken);
            return new IdempotencyClaim.First(id, DerivedToken(salt, scopedKey));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Seen before (a retry), or the same key arrived twice at once and the other request won.
        }
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, "", cancellationToken: cancellationToken);
        if (!existing.HasValue) return null; // Forgotten in between (a failed checkout frees its key): try to claim it again.
        var record = existing.Value!;
        if (record.GetString("RequestHash") != requestHash) return new IdempotencyClaim.Mismatch();
        // Records written before tokens were derived kept the token itself (they are purged within two days).
        var token = record.GetString(TokenSaltColumn) is { } stored ? DerivedToken(Convert.FromBase64String(stored), scopedKey) : record.GetString("Token");
        return new IdempotencyClaim.Replay(record.GetString("ResourceId"), token, record.GetString("FinalAnswer"));
    }

    private const string TokenSaltColumn = "TokenSalt";

    /// <summary>256 bits, base64url, like <see cref="Monalisa.Domain.Identity.AccessToken.New"/>: same shape, same checks.</summary>
    private static string DerivedToken(byte[] salt, string scopedKey) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(scopedKey)));

    /// <summary>Remembers an answer that created nothing (session full…), so a replay gets it again.</summary>
    public async Task RememberFinalAnswerAsync(string scope, string key, string answer, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(TableNames.Idempotency);
        await table.UpdateEntityAsync(new TableEntity(HashOf(scope + "\n" + key), "") { ["FinalAnswer"] = answer }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Forgets a key whose request had no lasting effect (the payment service was down), so it can be retried.</summary>
    public async Task ForgetAsync(string scope, string key, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(TableNames.Idempotency);
        await table.DeleteEntityAsync(HashOf(scope + "\n" + key), "", ETag.All, cancellationToken);
    }

    /// <summary>Deletes records older than <paramref name="age"/> (retention timer): a key only needs to outlive client retries.</summary>
    public async Task<int> PurgeOlderThanAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Idempotency);
        var cutoff = clock.GetUtcNow() - age;
        var purged = 0;
        await foreach (var record in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CreatedAt lt {cutoff}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(record.PartitionKey, record.RowKey, ETag.All, cancellationToken);
            purged++;
        }
        return purged;
    }
}
