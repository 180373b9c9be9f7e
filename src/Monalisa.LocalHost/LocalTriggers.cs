using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Functions.Hosting;

namespace Monalisa.LocalHost;

/// <summary>
/// Runs the timer functions as the Functions host would, every <c>LocalHost:TimerSeconds</c> (0 = never: tests trigger
/// them through <c>POST /_dev/timers/{name}</c>). Local data is small, so running them often is harmless.
/// </summary>
internal sealed class LocalTimers(IServiceProvider services, IConfiguration configuration, ILogger<LocalTimers> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue<int>("LocalHost:TimerSeconds");
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var function in FunctionCatalog.TimerFunctions())
            {
                try
                {
                    await InvokeAsync(services, function, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Timer {Function} failed.", function.Name);
                }
            }
        }
    }

    public static async Task InvokeAsync(IServiceProvider services, TimerFunction function, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = scope.ServiceProvider.GetRequiredService(function.Type);
        var args = function.Method.GetParameters().Select(p => p.ParameterType == typeof(TimerInfo) ? new TimerInfo() : (object)cancellationToken).ToArray();
        await (Task)function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, args, null)!;
    }
}

internal static class LocalTimerEndpoints
{
    public static IEndpointRouteBuilder MapTimerTriggers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/_dev/timers/{name}", async (string name, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var function = FunctionCatalog.TimerFunctions().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (function is null) return Results.NotFound();
            await LocalTimers.InvokeAsync(services, function, cancellationToken);
            return Results.Ok(new { ran = function.Name });
        }).DisableAntiforgery();
        return endpoints;
    }
}
