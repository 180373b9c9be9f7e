using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Monalisa.Functions.Http;

/// <summary>
/// A file staff download (the session's CSV, a person's JSON export): personal data, so never kept by a proxy or the
/// browser cache, and never read as anything but its type.
/// </summary>
internal sealed class FileDownload(byte[] content, string contentType, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.HttpContext.RequestAborted);
    }
}
