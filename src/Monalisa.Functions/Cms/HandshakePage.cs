using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Monalisa.Content.Text;

namespace Monalisa.Functions.Cms;

/// <summary>
/// The popup's last page (site/theme/pages/cms-connexion.liquid): Decap CMS's handshake with the window that opened it.
/// The page says <c>authorizing:github</c> to the site's origin, and answers
/// <c>authorization:github:success:{"token":…,"provider":"github"}</c> only to a message from that origin: never to
/// <c>*</c>, so no other page that opened the popup can read the token.
/// </summary>
internal static partial class HandshakePage
{
    public const string Provider = "github";
    public const string Template = "cms-connexion";

    public static (string Html, string ScriptHash) Render(string token, string siteOrigin)
    {
        var success = $"authorization:{Provider}:success:" + JsonSerializer.Serialize(new { token, provider = Provider });
        // Default JSON encoding escapes <, >, & and quotes: the values cannot end the script element.
        var html = PageRenderer.Api.Render(Template, "Connexion à l'éditeur", new Dictionary<string, object?>
        {
            ["site_origin_json"] = JsonSerializer.Serialize(siteOrigin),
            ["authorizing_json"] = JsonSerializer.Serialize($"authorizing:{Provider}"),
            ["success_json"] = JsonSerializer.Serialize(success),
        }, siteOrigin);
        var script = InlineScript().Match(html);
        if (!script.Success) throw new InvalidOperationException($"{Template}.liquid has no inline <script>.");
        return (html, "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[1].Value))));
    }

    /// <summary>The site's CSP with this page's one inline script allowed by its hash, nothing looser.</summary>
    public static string AllowScript(string csp, string scriptHash) =>
        csp.Replace("script-src 'self'", $"script-src 'self' '{scriptHash}'", StringComparison.Ordinal);

    // The layout's scripts carry src or type attributes; the handshake's is the only bare one.
    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
