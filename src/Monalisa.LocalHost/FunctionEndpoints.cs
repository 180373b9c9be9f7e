using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Http;

namespace Monalisa.LocalHost;

/// <summary>
/// Maps every [Function] with an [HttpTrigger] to an ASP.NET Core endpoint under /api, as the Functions host does:
/// same methods, same route, same authorization level. A test compares these endpoints with functions.metadata.
/// Every HTTP function is anonymous to the host: staff routes check the platform's sign-in themselves (Identity/StaffAccess),
/// and no function key opens anything. A function declared otherwise is refused here, as it would be refused in Azure
/// without a key nobody holds (a test keeps every trigger anonymous).
/// </summary>
internal static class FunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder endpoints)
    {
        foreach (var function in FunctionCatalog.HttpFunctions())
        {
            var invoke = BuildInvoker(function.Method);
            endpoints.MapMethods($"/{RoutePrefix}/{function.Route}", function.HttpMethods, async context =>
            {
                if (function.AuthLevel != AuthorizationLevel.Anonymous)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                var instance = context.RequestServices.GetRequiredService(function.Type);
                IActionResult result;
                try
                {
                    result = await invoke(instance, context);
                }
                catch (Exception e) when (StorageFaults.IsUnavailable(e, context.RequestAborted))
                {
                    // As StorageFaultsMiddleware does in the Functions worker.
                    result = StorageFaults.Result();
                }
                await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            }).WithName(function.Name).WithMetadata(function);
        }
        return endpoints;
    }

    /// <summary>
    /// Where no function answers under /api: a 404 problem, or a 405 problem with <c>Allow</c> when the path is a function's
    /// route under another method. Without it the site's fallback would answer an API client with the HTML 404 page.
    /// </summary>
    public static IEndpointRouteBuilder MapApiFallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback($"/{RoutePrefix}/{{**path}}", async context =>
        {
            var allowed = AllowedMethods(context);
            var problem = allowed.Count == 0
                ? Problems.NotFound("Aucune adresse de l'API ne correspond à cette requête.")
                : Problems.MethodNotAllowed($"Cette adresse de l'API accepte seulement : {string.Join(", ", allowed)}.");
            if (allowed.Count > 0) context.Response.Headers.Allow = string.Join(", ", allowed);
            await ApiResults.Problem(problem).ToActionResult()
                .ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        });
        return endpoints;
    }

    /// <summary>The methods of every endpoint whose route matches the request's path.</summary>
    private static List<string> AllowedMethods(HttpContext context) =>
        [.. context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null
                && new TemplateMatcher(new RouteTemplate(e.RoutePattern), []).TryMatch(context.Request.Path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    private static Func<object, HttpContext, Task<IActionResult>> BuildInvoker(MethodInfo method)
    {
        var parameters = method.GetParameters();
        foreach (var p in parameters)
        {
            if (p.ParameterType != typeof(HttpRequest) && p.ParameterType != typeof(CancellationToken) && p.ParameterType != typeof(string))
                throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name}: the local host cannot bind a parameter of type {p.ParameterType.Name}.");
        }
        return async (instance, context) =>
        {
            var args = parameters.Select(p => p.ParameterType switch
            {
                var t when t == typeof(HttpRequest) => (object?)context.Request,
                var t when t == typeof(CancellationToken) => context.RequestAborted,
                _ => context.GetRouteValue(p.Name!)?.ToString(),
            }).ToArray();
            var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, args, null);
            return returned switch
            {
                Task<IActionResult> task => await task,
                IActionResult result => result,
                _ => throw new NotSupportedException($"{method.Name} must return IActionResult or Task<IActionResult>."),
            };
        };
    }
}
