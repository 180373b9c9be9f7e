using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content.Text;

namespace Monalisa.Functions.Http;

/// <summary>
/// <c>GET /api/assets/{name}</c>: the site's fingerprinted CSS and script, compiled into Monalisa.Content, for the API's own
/// pages (withdrawal, instalment, messages). Served from the API's origin, the strict CSP ('self') holds wherever the site is.
/// </summary>
internal sealed class ThemeAssetsFunction
{
    [Function("ThemeAsset")]
    public IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request, string name)
    {
        if (PageRenderer.Asset(name) is not { } asset) return ApiResults.Problem(Problems.NotFound("Ce fichier n'existe pas.")).ToActionResult();
        // The name carries the content's hash: a new version has a new name, so this one never changes.
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Microsoft.AspNetCore.Http.TypedResults.Bytes(asset.Bytes, asset.ContentType).ToActionResult();
    }
}
