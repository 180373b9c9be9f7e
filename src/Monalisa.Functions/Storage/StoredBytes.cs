using System.Security.Cryptography;
using Azure.Data.Tables;

namespace Monalisa.Functions.Storage;

/// <summary>
/// A file kept inside a table row (an issued PDF, a scanned sheet): a binary property holds at most 64 KiB, so the bytes
/// are cut into numbered columns, with their count and their SHA-256. Reading joins them and checks the hash, so a
/// document is served exactly as it was written, or not at all. Each table keeps its own column names.
/// </summary>
internal static class StoredBytes
{
    public const int ChunkBytes = 64 * 1024;

    public static void Write(TableEntity row, byte[] content, string chunkPrefix, string countColumn, string shaColumn)
    {
        var chunks = content.Chunk(ChunkBytes).ToList();
        row[shaColumn] = Convert.ToHexStringLower(SHA256.HashData(content));
        row[countColumn] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++) row[chunkPrefix + i] = chunks[i];
    }

    /// <summary>The bytes as written; throws when they do not match the SHA-256 kept with them.</summary>
    public static byte[] Read(TableEntity row, string chunkPrefix, string countColumn, string shaColumn)
    {
        var content = Enumerable.Range(0, row.GetInt32(countColumn) ?? 0).SelectMany(i => row.GetBinary(chunkPrefix + i) ?? []).ToArray();
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), row.GetString(shaColumn), StringComparison.Ordinal))
            throw new InvalidOperationException($"{row.PartitionKey}/{row.RowKey}: the stored bytes do not match their SHA-256.");
        return content;
    }
}
