using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Cms;

/// <summary>
/// The « external OAuth client » Decap CMS's github backend opens in a popup (<c>base_url</c> = this app,
/// <c>auth_endpoint</c> = <c>api/cms/auth</c>): sign-in at GitHub, then the token handed to the editor's window.
/// Every failure is a French page, never a 500; the token and the code are never logged.
/// </summary>
internal sealed class CmsOAuthFunctions(CmsOAuthSettings settings, TimeProvider clock, GitHubTokenExchange github, ILogger<CmsOAuthFunctions> log)
{
    public const string AuthRoute = "cms/auth";
    public const string CallbackRoute = "cms/callback";
    /// <summary><c>__Host-</c>: Secure, path /, no Domain, so no other host of the domain can set or read it.</summary>
    public const string StateCookie = "__Host-monalisa-cms-state";

    [Function("CmsAuth")]
    public IActionResult Auth([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AuthRoute)] HttpRequest request)
    {
        if (!settings.Configured)
        {
            log.LogWarning("The editor's GitHub sign-in is off: {Settings} missing or an unresolved Key Vault reference (docs/deploy.md).", string.Join(", ", settings.Unconfigured()));
            return NotConfigured();
        }
        var (state, cookie) = new OAuthState(settings.GitHubClientSecret, clock).Issue();
        request.HttpContext.Response.Cookies.Append(StateCookie, cookie, new CookieOptions
        {
            HttpOnly = true, Secure = true, Path = "/", MaxAge = OAuthState.Lifetime,
            // Lax: the cookie comes back on GitHub's top-level redirect to the callback, and on no cross-site sub-request.
            SameSite = SameSiteMode.Lax,
        });
        return TypedResults.Redirect(settings.AuthorizeUrl(state)).ToActionResult();
    }

    [Function("CmsCallback")]
    public async Task<IActionResult> Callback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CallbackRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!settings.Configured) return NotConfigured();
        // One use: whatever happens next, the browser forgets the state.
        request.HttpContext.Response.Cookies.Delete(StateCookie, new CookieOptions { Secure = true, Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });

        // The staff member pressed « Cancel » on GitHub (error=access_denied), or GitHub refused the request itself.
        if (request.Query["error"].ToString() is { Length: > 0 } refused)
            return Page(400, $"GitHub n'a pas autorisé la connexion ({refused}). Rouvrez l'éditeur et acceptez l'autorisation demandée.");

        switch (new OAuthState(settings.GitHubClientSecret, clock).Check(request.Query["state"], request.Cookies[StateCookie]))
        {
            case StateCheck.Missing:
                return Page(400, "Cette connexion n'a pas été commencée dans ce navigateur (ou les cookies y sont bloqués). Rouvrez l'éditeur et cliquez sur « Se connecter avec GitHub ».");
            case StateCheck.Expired:
                return Page(400, $"La connexion a pris plus de {OAuthState.Lifetime.TotalMinutes:0} minutes. Rouvrez l'éditeur et recommencez.");
            case StateCheck.Mismatch:
                return Page(400, "Cette réponse de GitHub ne correspond pas à la connexion commencée dans ce navigateur. Rouvrez l'éditeur et recommencez.");
        }
        if (request.Query["code"].ToString() is not { Length: > 0 } code)
            return Page(400, "GitHub n'a pas renvoyé de code d'autorisation. Rouvrez l'éditeur et recommencez.");

        switch (await github.ExchangeAsync(code, cancellationToken))
        {
            case TokenOutcome.Granted granted:
                var (html, scriptHash) = HandshakePage.Render(granted.Token, CmsOAuthSettings.Origin(settings.SiteOrigin)!);
                var response = request.HttpContext.Response;
                // After ApiResults has set the site's headers: only this page's script is added to the CSP.
                response.OnStarting(() =>
                {
                    response.Headers.ContentSecurityPolicy = HandshakePage.AllowScript(response.Headers.ContentSecurityPolicy.ToString(), scriptHash);
                    return Task.CompletedTask;
                });
                return ApiResults.Html(200, html).ToActionResult();
            case TokenOutcome.Refused refusedCode:
                // GitHub's error code only: its description may echo the request.
                log.LogWarning("GitHub refused the CMS sign-in code: {Error}", refusedCode.Error);
                return Page(400, $"GitHub a refusé la connexion ({refusedCode.Error}). Le code a peut-être déjà servi ou expiré : rouvrez l'éditeur et recommencez.");
            case TokenOutcome.Unreachable unreachable:
                log.LogWarning("GitHub's token endpoint could not be reached for a CMS sign-in: {Reason}", unreachable.Reason);
                return Page(502, "GitHub ne répond pas pour le moment. Réessayez dans quelques minutes.");
            default:
                throw new InvalidOperationException("Unknown token outcome.");
        }
    }

    private IActionResult NotConfigured() =>
        Page(503, "La connexion à l'éditeur n'est pas encore configurée : prévenez l'équipe technique (docs/deploy.md).");

    private IActionResult Page(int status, string message) => MessagePage.For(status, "Connexion à l'éditeur", message, settings.SiteOrigin);
}
