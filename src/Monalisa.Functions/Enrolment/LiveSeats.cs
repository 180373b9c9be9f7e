using System.Collections.Concurrent;
using System.Diagnostics;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// The places left that the course, calendar and enrolment pages show, kept in this process for at most
/// <see cref="Lifetime"/> (given up to twice as old while a fresh read runs): every visit asks for them, and reading
/// them costs two storage round trips per session (the seat rows, the cancellation row). With this, a burst of
/// visitors costs one read per course and per <see cref="Lifetime"/>, whatever their number, and waits for none.
/// <para>
/// What is shown may lag a few seconds behind another instance's writes; never behind this process's own: any place
/// it takes or gives back, and any session it cancels, goes through <see cref="SeatHints"/>, whose
/// <see cref="SeatHints.VersionOf"/> retires the kept answer of that session's course. What decides an enrolment is never this view: the seat
/// inserts are (<see cref="SeatAllocator"/>), and a visitor's own confirmation reads their session exactly
/// (<see cref="ExactAsync"/>).
/// </para>
/// </summary>
internal sealed class LiveSeats(EnrolmentStore store, SessionCancellations cancellations, SeatHints hints)
{
    /// <summary>How long another instance's writes may take to show here (the bench waits it out).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    /// <summary>
    /// One read shared by every request that finds the answer missing or old at the same moment (a burst after the
    /// lifetime ends makes one read, not one per visitor). Aged on the machine's monotonic clock, not the app's
    /// <see cref="TimeProvider"/>: this is about real seconds between requests, and tests move the app's clock by days.
    /// <see cref="Last"/> is the previous answer, given while the next read runs: visitors never wait for a refresh.
    /// </summary>
    private sealed record Kept(Lazy<Task<IReadOnlyDictionary<string, int>>> Left, long Version, long ReadAt, IReadOnlyDictionary<string, int>? Last)
    {
        public TimeSpan Age => Stopwatch.GetElapsedTime(ReadAt);

        public bool Failed => Left.Value.IsFaulted || Left.Value.IsCanceled;

        public IReadOnlyDictionary<string, int>? Done => Left.Value.IsCompletedSuccessfully ? Left.Value.Result : Last;
    }

    /// <summary>The places left in each of the course's sessions (none in a cancelled one), by session id.</summary>
    /// <remarks>
    /// Between one and two lifetimes old, the answer is refreshed in the background and given as it was meanwhile; older
    /// (no visitor for a while), or out of date because this process wrote, it is read before anyone is answered.
    /// </remarks>
    public Task<IReadOnlyDictionary<string, int>> ForCourseAsync(Course course, CancellationToken cancellationToken)
    {
        // The sum of the sessions' versions: each only grows, so the sum changes when any of them does.
        var version = course.Sessions.Sum(s => hints.VersionOf(s.Id));
        var kept = _kept.AddOrUpdate(course.Slug, _ => Read(course, version, null), (_, old) =>
            old.Version != version || old.Failed || old.Age >= 2 * Lifetime ? Read(course, version, null)
            : old.Age < Lifetime ? old
            : Read(course, version, old.Done));
        var left = kept.Left.Value;
        if (!left.IsCompleted && kept.Last is { } last) return Task.FromResult(last);
        // The read is shared: one visitor leaving does not cancel it for the others.
        return left.WaitAsync(cancellationToken);
    }

    /// <summary>The places left in one session, read from storage now: for the visitor who has just enrolled.</summary>
    public async Task<int> ExactAsync(CourseSession session, CancellationToken cancellationToken)
    {
        var taken = store.SeatsTakenAsync(session.Id, cancellationToken);
        var cancelled = cancellations.IsCancelledAsync(session.Id, cancellationToken);
        return Left(session, await taken, await cancelled);
    }

    private Kept Read(Course course, long version, IReadOnlyDictionary<string, int>? last) =>
        new(new Lazy<Task<IReadOnlyDictionary<string, int>>>(() => ReadAsync(course)), version, Stopwatch.GetTimestamp(), last);

    private async Task<IReadOnlyDictionary<string, int>> ReadAsync(Course course)
    {
        // Every session at once: one after the other, the latency of the page was their sum.
        var left = await Task.WhenAll(course.Sessions.Select(s => ExactAsync(s, CancellationToken.None)));
        return course.Sessions.Select((s, i) => (s.Id, Left: left[i])).ToDictionary(x => x.Id, x => x.Left, StringComparer.Ordinal);
    }

    /// <summary>A session staff cancelled shows no place left: the form offers nothing, the server refuses anyway.</summary>
    private static int Left(CourseSession session, int taken, bool cancelled) => cancelled ? 0 : Math.Max(0, session.Capacity - taken);
}
