using System.Security.Cryptography;

namespace Monalisa.Functions.Storage;

/// <summary>
/// The one loop for optimistic concurrency: read, decide, write with If-Match (or an insert that may collide), and on a
/// conflict read again after a short random pause, so that writers who collided do not collide again in step.
/// An attempt returns null to ask for another; a result ends the loop.
/// </summary>
internal static class OptimisticRetry
{
    /// <summary>Enough for dozens of writers on one session at the same instant (see the seat concurrency tests).</summary>
    public const int DefaultAttempts = 40;

    public static async Task<T> RunAsync<T>(Func<int, Task<T?>> attempt, Func<T> exhausted, CancellationToken cancellationToken, int maxAttempts = DefaultAttempts)
        where T : class
    {
        for (var number = 0; number < maxAttempts; number++)
        {
            if (await attempt(number) is { } done) return done;
            if (number + 1 < maxAttempts) await Task.Delay(Jitter(number), cancellationToken);
        }
        return exhausted();
    }

    /// <summary>2 to 20 ms, times the attempt up to 5: short at first, spread out when many contend.</summary>
    private static int Jitter(int attempt) => RandomNumberGenerator.GetInt32(2, 20) * Math.Min(attempt + 1, 5);
}
