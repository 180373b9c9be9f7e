using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Monalisa.Functions.Http;

/// <summary>
/// A public answer, the same for everyone (no personal data): unlike <see cref="ApiResults"/>' no-store, browsers and
/// proxies may keep it for <c>max-age</c>; with none, they keep it but ask again each time (<c>no-cache</c>). It carries
/// a strong ETag of its bytes, so that asking again with <c>If-None-Match</c> costs a 304 and no body when nothing changed.
/// </summary>
internal sealed class PublicJson(object value, TimeSpan maxAge) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        // The API's one JSON configuration (ApiResults.AddApiJson), so this body is byte for byte what TypedResults writes.
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
        var headers = http.Response.Headers;
        headers.CacheControl = maxAge > TimeSpan.Zero ? $"public, max-age={(int)maxAge.TotalSeconds}" : "public, no-cache";
        headers.ETag = etag.ToString();
        headers.XContentTypeOptions = "nosniff";
        if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var asked) && asked.Any(a => a.Compare(etag, useStrongComparison: false)))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
