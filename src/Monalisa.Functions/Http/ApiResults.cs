using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Functions.Http;

/// <summary>
/// The worker's functions return <see cref="IActionResult"/>; the API's answers are the framework's <see cref="IResult"/>s
/// (<see cref="TypedResults"/>). This is the one bridge between the two, and the one place answers get their common headers
/// and problems their <c>instance</c>.
/// </summary>
internal static class ApiResults
{
    /// <summary>Runs a typed result inside a function. Every API answer may carry personal data: never cached.</summary>
    public static IActionResult ToActionResult(this IResult result) => new ActionResultAdapter(result);

    public static ProblemHttpResult Problem(ProblemDetails problem) => TypedResults.Problem(problem);

    /// <summary>303 See Other: after a form post the browser follows with a GET (the framework only offers 301/302/307/308).</summary>
    public static SeeOtherHttpResult SeeOther(string location) => new(location);

    public static ContentHttpResult Html(int status, string html) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    /// <summary>
    /// JSON for both hosts, configured once: web names (camelCase), French characters written as they are.
    /// The Functions worker and the local host read these options, so their bodies are byte for byte alike.
    /// </summary>
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));

    private sealed class ActionResultAdapter(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            // JSON and problem+json are never to be read as anything else (a script, a page).
            headers.XContentTypeOptions = "nosniff";
            // The API's HTML pages (withdrawal, form errors, messages) get the site's own security headers.
            if ((result is INestedHttpResult html ? html.Result : result) is ContentHttpResult { ContentType: { } type }
                && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (name, value) in Monalisa.Content.Text.SecurityHeaders.ForApiPages) headers[name] = value;
            }
            // RFC 9457 instance: the path alone, since query strings carry access tokens and function keys.
            if ((result is INestedHttpResult nested ? nested.Result : result) is ProblemHttpResult { ProblemDetails: { Instance: null } problem })
                problem.Instance = context.HttpContext.Request.PathBase + context.HttpContext.Request.Path;
            return result.ExecuteAsync(context.HttpContext);
        }
    }
}

/// <summary>A 303 with its location and no body.</summary>
internal sealed class SeeOtherHttpResult(string location) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status303SeeOther;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
