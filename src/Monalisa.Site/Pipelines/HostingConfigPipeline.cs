using System.Text.Json;
using System.Text.Json.Nodes;
using Monalisa.Content;
namespace Monalisa.Site;

/// <summary>
/// Copies site/staticwebapp.config.json (security headers, caching, 404 page) to the output, with the API's origin
/// put where the Content-Security-Policy must allow it (<c>{ApiOrigin}</c>: nothing when the API shares the site's
/// origin), and one redirect per problem type, so that the <c>type</c> URI of an API problem opens its explanation.
/// </summary>
internal static class HostingConfigPipeline
{
    public const string FileName = Monalisa.Content.Text.SecurityHeaders.ConfigFileName;
    public const string ApiOriginPlaceholder = Monalisa.Content.Text.SecurityHeaders.ApiOriginPlaceholder;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Run(SiteOptions options, SiteSettings settings)
    {
        var source = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Settings))!, FileName);
        if (!File.Exists(source)) return;
        var origin = settings.ApiBaseUrl.Length > 0 ? new Uri(settings.ApiBaseUrl).GetLeftPart(UriPartial.Authority) : "";
        var text = File.ReadAllText(source);
        text = origin.Length > 0 ? text.Replace(ApiOriginPlaceholder, origin, StringComparison.Ordinal) : text.Replace(" " + ApiOriginPlaceholder, "", StringComparison.Ordinal);
        var config = JsonNode.Parse(text)!.AsObject();
        if (config["routes"] is not JsonArray routes) config["routes"] = routes = [];
        foreach (var type in ProblemTypes.All)
            routes.Add(new JsonObject
            {
                ["route"] = new Uri(type.Uri).AbsolutePath,
                ["redirect"] = "/" + SitePages.Problems + "#" + type.Slug,
                ["statusCode"] = 301,
            });
        File.WriteAllText(Path.Combine(options.Output, FileName), config.ToJsonString(Indented));
    }
}
