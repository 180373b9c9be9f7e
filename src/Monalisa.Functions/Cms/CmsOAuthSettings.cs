using Microsoft.Extensions.Options;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Cms;

/// <summary>
/// The editor's GitHub sign-in (section <c>Cms</c>): the GitHub OAuth App's client id and secret (Key Vault), the site's
/// origin (the only window the token is handed to) and this app's own origin (GitHub's callback).
/// </summary>
internal sealed class CmsOAuthSettings
{
    public string GitHubClientId { get; set; } = "";
    public string GitHubClientSecret { get; set; } = "";
    /// <summary>github.com; tests point it at a local stub (the authorize page and the token endpoint live under it).</summary>
    public string GitHubBaseUrl { get; set; } = "https://github.com";
    /// <summary>
    /// OAuth Apps have no per-repository scope: <c>repo</c> is the least that lets Decap commit to a private repository
    /// (<c>public_repo</c> is enough if the repository is public). The token can reach only what its staff member can:
    /// that person's access to the repository is what is kept small (docs/deploy.md).
    /// </summary>
    public string Scope { get; set; } = "repo";
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>From <c>Site:BaseUrl</c>: the editor's page, to which the token is posted, and to nobody else.</summary>
    public string SiteOrigin { get; set; } = "";
    /// <summary>From <c>Api:BaseUrl</c> (or the site's origin, where the local host serves the API).</summary>
    public string ApiOrigin { get; set; } = "";

    /// <summary>
    /// Both secrets set and resolved. Otherwise (not yet saved in Key Vault: the app setting is then the literal
    /// <c>@Microsoft.KeyVault(…)</c>) the sign-in answers « non configurée », and enrolments, which never wait on the
    /// editor, keep running.
    /// </summary>
    public bool Configured => Resolved(GitHubClientId) && Resolved(GitHubClientSecret);

    /// <summary>The settings that keep the sign-in off, for the operator's log line (names, never values).</summary>
    public IEnumerable<string> Unconfigured() =>
        new[] { (SettingNames.CmsGitHubClientId, GitHubClientId), (SettingNames.CmsGitHubClientSecret, GitHubClientSecret) }
            .Where(s => !Resolved(s.Item2)).Select(s => s.Item1);

    private static bool Resolved(string value) =>
        value.Trim().Length > 0 && !value.TrimStart().StartsWith(SecretShapes.KeyVaultReference, StringComparison.OrdinalIgnoreCase);

    public string CallbackUrl => ApiOrigin + "/api/" + CmsOAuthFunctions.CallbackRoute;

    public string AuthorizeUrl(string state) =>
        $"{GitHubBaseUrl.TrimEnd('/')}/login/oauth/authorize?client_id={Uri.EscapeDataString(GitHubClientId)}"
        + $"&redirect_uri={Uri.EscapeDataString(CallbackUrl)}&scope={Uri.EscapeDataString(Scope)}&state={Uri.EscapeDataString(state)}";

    public string TokenUrl => GitHubBaseUrl.TrimEnd('/') + "/login/oauth/access_token";

    /// <summary>
    /// The origin of an absolute http(s) URL (scheme, host, port; no path), as a browser compares
    /// <c>MessageEvent.origin</c>; null when <paramref name="url"/> is not one.
    /// </summary>
    public static string? Origin(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}

/// <summary>The origins the sign-in builds on, checked at start (the secrets are optional: see <see cref="CmsOAuthSettings.Configured"/>).</summary>
internal sealed class CmsOAuthSettingsValidator : IValidateOptions<CmsOAuthSettings>
{
    public ValidateOptionsResult Validate(string? name, CmsOAuthSettings settings)
    {
        var errors = new List<string>();
        if (settings.Configured && CmsOAuthSettings.Origin(settings.SiteOrigin) is null)
            errors.Add($"{SettingNames.SiteBaseUrl} doit être l'adresse https du site : l'éditeur y reçoit le jeton GitHub.");
        if (CmsOAuthSettings.Origin(settings.GitHubBaseUrl) is null)
            errors.Add($"{SettingNames.CmsGitHubBaseUrl} doit être une adresse http(s) absolue.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
