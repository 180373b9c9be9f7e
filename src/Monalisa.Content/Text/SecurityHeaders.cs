using System.Text.Json;

namespace Monalisa.Content.Text;

/// <summary>
/// The site's security headers (<c>globalHeaders</c> of site/staticwebapp.config.json, compiled into this library), for
/// the API's HTML pages: one source for what Static Web Apps sends with the site and what the functions send with theirs.
/// </summary>
public static class SecurityHeaders
{
    public const string ConfigFileName = "staticwebapp.config.json";

    /// <summary>Where the site's CSP names the API's origin; an API page is on that origin, which <c>'self'</c> already covers.</summary>
    public const string ApiOriginPlaceholder = "{ApiOrigin}";

    private static readonly Lazy<IReadOnlyList<KeyValuePair<string, string>>> Pages = new(() =>
    {
        using var stream = typeof(SecurityHeaders).Assembly.GetManifestResourceStream(ConfigFileName)
            ?? throw new InvalidOperationException($"{ConfigFileName} is not embedded in Monalisa.Content.");
        using var json = JsonDocument.Parse(stream);
        var headers = json.RootElement.GetProperty("globalHeaders").EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, (p.Value.GetString() ?? "").Replace(" " + ApiOriginPlaceholder, "", StringComparison.Ordinal)))
            .Where(h => !h.Key.Equals(ReferrerPolicy, StringComparison.OrdinalIgnoreCase))
            .ToList();
        // The API's pages carry an access token in their address (withdrawal, payment links): send no referrer at all,
        // where the site's pages, which carry none, keep strict-origin-when-cross-origin.
        headers.Add(KeyValuePair.Create(ReferrerPolicy, "no-referrer"));
        return headers;
    });

    private const string ReferrerPolicy = "Referrer-Policy";

    /// <summary>The headers of an API HTML page: the site's CSP, nosniff, frame-ancestors/X-Frame-Options, HSTS, and no referrer.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForApiPages => Pages.Value;
}
