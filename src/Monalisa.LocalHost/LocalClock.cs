using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monalisa.LocalHost;

/// <summary>
/// The local host's clock: the app's own clock plus an offset that <c>/_dev/clock</c> moves, so that a person sees a
/// hold lapse, the day-11 instalment or a reminder without waiting. Only wall-clock time moves; timestamps (elapsed
/// durations, timeouts) and timers stay real, so nothing in the host waits days.
/// </summary>
internal sealed class LocalClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
    public override long TimestampFrequency => inner.TimestampFrequency;
    public override long GetTimestamp() => inner.GetTimestamp();
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>Forward only: going back in time would let the app see events « before » they happened.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>Back to the app's own clock (what was decided meanwhile stays decided).</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}

internal static class LocalClockRegistration
{
    /// <summary>
    /// Wraps the TimeProvider registered last (the Functions app's system clock; in tests, their fake clock) in a
    /// <see cref="LocalClock"/>, and makes it the one every service gets.
    /// </summary>
    public static IServiceCollection AddLocalClock(this IServiceCollection services)
    {
        var current = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService);
        services.RemoveAll<LocalClock>();
        services.AddSingleton(sp => new LocalClock(current switch
        {
            null => TimeProvider.System,
            { ImplementationInstance: TimeProvider instance } => instance,
            { ImplementationFactory: { } factory } => (TimeProvider)factory(sp),
            { ImplementationType: { } type } => (TimeProvider)ActivatorUtilities.CreateInstance(sp, type),
            _ => TimeProvider.System,
        }));
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<LocalClock>());
        return services;
    }
}
