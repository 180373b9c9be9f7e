using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Testing;

/// <summary>
/// Counts the storage round trips of a host: an Azure SDK pipeline policy on every table and queue client it makes,
/// per try (a retried call counts each time it reaches storage). The figures of the speed issue and of the tests that
/// hold them come from here: what a request costs in storage is counted, not guessed from the code.
/// </summary>
public sealed class StorageRoundTrips : HttpPipelinePolicy
{
    private long _count;
    private long _elapsedTicks;
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);

    /// <summary>Round trips since the host started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Time spent waiting on storage, all round trips together (overlapping ones each count).</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    /// <summary>Round trips by kind (« GET Enrolments() », « POST $batch »…), to say where they go.</summary>
    public IReadOnlyDictionary<string, long> ByKind => _byKind;

    /// <summary>Adds the policy to every Azure client of the host (the app's one AddAzureClients registration).</summary>
    public Action<IServiceCollection> Install => services =>
        services.AddAzureClients(clients => clients.ConfigureDefaults(options => options.AddPolicy(this, HttpPipelinePosition.PerRetry)));

    /// <summary>Runs <paramref name="action"/> alone and gives the round trips it made (nothing else may run meanwhile).</summary>
    public async Task<long> OfAsync(Func<Task> action)
    {
        var before = Count;
        await action();
        return Count - before;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Counted(message);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { ProcessNext(message, pipeline); }
        finally { Interlocked.Add(ref _elapsedTicks, System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks); }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Counted(message);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { await ProcessNextAsync(message, pipeline); }
        finally { Interlocked.Add(ref _elapsedTicks, System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks); }
    }

    private void Counted(HttpMessage message)
    {
        Interlocked.Increment(ref _count);
        // The table or queue, without keys or query: « GET Enrolments », « POST $batch », « POST messages ».
        var path = message.Request.Uri.Path.TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        var paren = last.IndexOf('(');
        _byKind.AddOrUpdate($"{message.Request.Method} {(paren >= 0 ? last[..paren] : last)}", 1, (_, n) => n + 1);
    }
}
