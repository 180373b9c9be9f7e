using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Monalisa.Functions.Http;

/// <summary>
/// The API's answers. They write their own JSON (camelCase, French characters kept readable) so that Azure and the
/// local host produce byte-identical bodies without depending on MVC formatters.
/// </summary>
internal static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IActionResult Ok(object body) => new JsonBodyResult(StatusCodes.Status200OK, body);

    public static IActionResult Created(object body, string? location = null) =>
        new JsonBodyResult(StatusCodes.Status201Created, body, location: location);

    public static IActionResult Accepted(object body) => new JsonBodyResult(StatusCodes.Status202Accepted, body);

    public static IActionResult SeeOther(string location) => new SeeOtherResult(location);

    public static IActionResult Problem(Problem problem) =>
        new JsonBodyResult(problem.Status, problem.ToBody(), "application/problem+json; charset=utf-8");


    public static IActionResult Html(int status, string html) => new TextResult(status, "text/html; charset=utf-8", html);

    public static IActionResult Text(int status, string contentType, string text) => new TextResult(status, contentType, text);

    private sealed class TextResult(int status, string contentType, string text) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.Headers.CacheControl = "no-store";
            await response.WriteAsync(text, context.HttpContext.RequestAborted);
        }
    }

    private sealed class SeeOtherResult(string location) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = location;
            response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>Writes a JSON body with the API's serializer options. Personal data is never cached.</summary>
internal sealed class JsonBodyResult(int status, object body, string contentType = "application/json; charset=utf-8", string? location = null) : IActionResult
{
    public int Status { get; } = status;
    public object Body { get; } = body;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        if (location is not null) response.Headers.Location = location;
        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), ApiResults.Json, context.HttpContext.RequestAborted);
    }
}
