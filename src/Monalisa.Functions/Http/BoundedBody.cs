using System.Buffers;
using System.Text;

namespace Monalisa.Functions.Http;

/// <summary>Reads a request body under a hard size cap, counted while streaming, whatever Content-Length says or omits.</summary>
internal static class BoundedBody
{
    /// <summary>The body as UTF-8 text, or null as soon as it passes <paramref name="maxBytes"/> (the rest is never read).</summary>
    public static async Task<string?> ReadUtf8Async(Stream body, int maxBytes, CancellationToken cancellationToken) =>
        await ReadAsync(body, maxBytes, cancellationToken) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The body's bytes, or null as soon as it passes <paramref name="maxBytes"/> (the rest is never read).</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        // One byte more than the cap: reading it is how a body over the cap is told from one exactly at it.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            while (length <= maxBytes)
            {
                var read = await body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken);
                if (read == 0) return buffer.AsSpan(0, length).ToArray();
                length += read;
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
