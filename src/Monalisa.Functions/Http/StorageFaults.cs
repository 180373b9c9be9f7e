using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Monalisa.Functions.Http;

/// <summary>
/// Storage that does not answer (Table or Queue service down, network error, timeout, throttling) becomes one French
/// 503 problem instead of a 500. Both hosts use this mapping: the Functions worker through
/// <see cref="StorageFaultsMiddleware"/>, the local host around each mapped function.
/// </summary>
internal static class StorageFaults
{
    /// <summary>True when the exception means « storage unreachable or overloaded », not « our bug ».</summary>
    public static bool IsUnavailable(Exception exception, CancellationToken requestAborted = default) => exception switch
    {
        // Status 0: no HTTP answer at all (connection refused or reset); the others are the service saying « later ».
        RequestFailedException e => e.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504 || (e.InnerException is { } inner && IsUnavailable(inner)),
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        // The SDK's network timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !requestAborted.IsCancellationRequested,
        // The SDK's retry policy gives up with every attempt's exception.
        AggregateException e => e.InnerExceptions.Count > 0 && e.InnerExceptions.All(inner => IsUnavailable(inner)),
        _ => false,
    };

    public static ProblemDetails Problem() => Problems.Unavailable(
        "Le stockage des inscriptions ne répond pas pour le moment. Rien n'a été enregistré : réessayez dans quelques minutes.");

    public static IActionResult Result() => ApiResults.Problem(Problem()).ToActionResult();
}

/// <summary>The Functions worker's side of <see cref="StorageFaults"/>: an HTTP function that fails on storage answers 503.</summary>
internal sealed class StorageFaultsMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && StorageFaults.IsUnavailable(e, http.RequestAborted) && !http.Response.HasStarted)
        {
            await StorageFaults.Result().ExecuteResultAsync(new ActionContext(http, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        }
    }
}
