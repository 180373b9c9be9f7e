using Monalisa.Content;
namespace Monalisa.Site;

/// <summary>
/// Copies site/staticwebapp.config.json (security headers, 404 page) to the output, with the API's origin put where
/// the Content-Security-Policy must allow it (<c>{ApiOrigin}</c>): nothing when the API shares the site's origin.
/// </summary>
internal static class HostingConfigPipeline
{
    public const string FileName = Monalisa.Content.Text.SecurityHeaders.ConfigFileName;
    public const string ApiOriginPlaceholder = Monalisa.Content.Text.SecurityHeaders.ApiOriginPlaceholder;

    public static void Run(SiteOptions options, SiteSettings settings)
    {
        var source = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Settings))!, FileName);
        if (!File.Exists(source)) return;
        var origin = settings.ApiBaseUrl.Length > 0 ? new Uri(settings.ApiBaseUrl).GetLeftPart(UriPartial.Authority) : "";
        var text = File.ReadAllText(source);
        text = origin.Length > 0 ? text.Replace(ApiOriginPlaceholder, origin, StringComparison.Ordinal) : text.Replace(" " + ApiOriginPlaceholder, "", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(options.Output, FileName), text);
    }
}
