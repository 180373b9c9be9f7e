using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// The places this process last saw taken in each session, so that a new enrolment can pick free places and write at
/// once instead of reading the session's places first (one storage round trip fewer per enrolment).
/// <para>
/// Only a hint, never a source of truth: the seat inserts are what guarantee a place, so a place another instance took
/// meanwhile fails the transaction, and the store then reads afresh; a hint that shows too few free places is checked
/// against storage before anyone hears the session is full; and a hint is dropped after <see cref="Lifetime"/> or as
/// soon as this process gives places back.
/// </para>
/// </summary>
internal sealed class SeatHints(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Hint> _hints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);

    /// <summary>
    /// Changes whenever this process takes or gives back places in the session, or cancels it: what it showed of
    /// the session before (<see cref="LiveSeats"/>) is then out of date. Per session: an enrolment in one course does
    /// not make every other course's pages read storage again.
    /// </summary>
    public long VersionOf(string sessionId) => _versions.GetValueOrDefault(sessionId);

    private void Changed(string sessionId) => _versions.AddOrUpdate(sessionId, 1, (_, v) => v + 1);

    private sealed record Hint(ImmutableHashSet<int> Taken, DateTimeOffset SeenAt);

    /// <summary>The places taken as last seen, or null when there is no recent enough hint.</summary>
    public IReadOnlySet<int>? Taken(string sessionId) =>
        _hints.TryGetValue(sessionId, out var hint) && clock.GetUtcNow() - hint.SeenAt < Lifetime ? hint.Taken : null;

    /// <summary>What a read of the session's places found.</summary>
    public void Saw(string sessionId, IEnumerable<int> taken) =>
        _hints[sessionId] = new Hint([.. taken], clock.GetUtcNow());

    /// <summary>Places this process just took; a missing or old hint stays missing (it would need a read anyway).</summary>
    public void Took(string sessionId, IEnumerable<int> seats)
    {
        Changed(sessionId);
        while (_hints.TryGetValue(sessionId, out var hint))
        {
            if (_hints.TryUpdate(sessionId, hint with { Taken = hint.Taken.Union(seats) }, hint)) return;
        }
    }

    /// <summary>This process gave places back, or changed the session otherwise (cancelled it): what it knew is void.</summary>
    public void Forget(string sessionId)
    {
        Changed(sessionId);
        _hints.TryRemove(sessionId, out _);
    }
}
