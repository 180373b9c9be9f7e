using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monalisa.Functions.Tests.Cms;

/// <summary>
/// Decap CMS's GitHub sign-in through the app (api/cms/auth, api/cms/callback), against a stub of GitHub's token
/// endpoint: the state binds the callback to the browser that started it, the token goes to the site's origin only,
/// and every failure is a French page.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CmsSignInTests(AzuriteFixture storage) : IAsyncLifetime
{
    private GitHubOAuthStub _github = null!;
    private TestApi _api = null!;
    private readonly LogCapture _logs = new();

    public async Task InitializeAsync()
    {
        _github = await GitHubOAuthStub.StartAsync();
        _api = await TestApi.StartAsync(storage, settings: _github.AppSettings(), services: s => s.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _github.DisposeAsync();
    }

    private const string SiteOrigin = GitHubOAuthStub.SiteOrigin;

    [Fact]
    public async Task Sign_in_sends_the_browser_to_GitHub_with_a_state_bound_to_an_HttpOnly_cookie()
    {
        var (location, cookie, setCookie) = await StartAsync();

        Assert.StartsWith(_github.BaseUrl + "/login/oauth/authorize?", location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(GitHubOAuthStub.ClientId, query["client_id"].ToString());
        Assert.Equal("repo", query["scope"].ToString());
        // GitHub comes back to this app (Api:BaseUrl), the callback URL registered with the OAuth App.
        Assert.Equal(GitHubOAuthStub.ApiOrigin + "/api/cms/callback", query["redirect_uri"].ToString());
        // No secret in the address GitHub and the browser see.
        Assert.DoesNotContain(GitHubOAuthStub.ClientSecret, location.ToString());
        Assert.StartsWith(query["state"].ToString() + ".", cookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=600", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_callback_exchanges_the_code_and_hands_the_token_to_the_site_origin_only()
    {
        var (location, cookie, _) = await StartAsync();
        var state = QueryHelpers.ParseQuery(location.Query)["state"].ToString();

        var response = await CallbackAsync($"code={GitHubOAuthStub.GoodCode}&state={state}", cookie);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_github.Calls);
        Assert.Equal("application/json", call.Accept);
        Assert.Equal(GitHubOAuthStub.ClientId, call.Form["client_id"]);
        Assert.Equal(GitHubOAuthStub.ClientSecret, call.Form["client_secret"]);
        Assert.Equal(GitHubOAuthStub.GoodCode, call.Form["code"]);
        Assert.Equal(GitHubOAuthStub.ApiOrigin + "/api/cms/callback", call.Form["redirect_uri"]);
        // Decap's handshake, to the site's origin, never to "*".
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"var site = \"{SiteOrigin}\";", script);
        Assert.Contains("window.opener.postMessage(\"authorizing:github\", site);", script);
        Assert.Contains("if (event.origin !== site", script);
        Assert.Contains($"authorization:github:success:{{\\u0022token\\u0022:\\u0022{GitHubOAuthStub.Token}\\u0022,\\u0022provider\\u0022:\\u0022github\\u0022}}", script);
        Assert.DoesNotContain("\"*\"", script);
        // The site's CSP, with this script allowed by its hash and nothing else: no 'unsafe-inline'.
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var hash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'self' '{hash}';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // The state is used once: the cookie is cleared.
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-monalisa-cms-state=;", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(GitHubOAuthStub.Token) || l.Contains(GitHubOAuthStub.GoodCode));
    }

    [Fact]
    public async Task A_callback_in_a_browser_that_did_not_start_the_sign_in_is_refused_in_French()
    {
        var (location, cookie, _) = await StartAsync();
        var state = QueryHelpers.ParseQuery(location.Query)["state"].ToString();
        var (_, otherCookie, _) = await StartAsync();

        var noCookie = await CallbackAsync($"code={GitHubOAuthStub.GoodCode}&state={state}", cookie: null);
        var otherBrowser = await CallbackAsync($"code={GitHubOAuthStub.GoodCode}&state={state}", otherCookie);
        var forged = await CallbackAsync($"code={GitHubOAuthStub.GoodCode}&state={state}", cookie[..^2] + "AA");

        await AssertFrenchPageAsync(noCookie, HttpStatusCode.BadRequest, "n'a pas été commencée dans ce navigateur");
        await AssertFrenchPageAsync(otherBrowser, HttpStatusCode.BadRequest, "ne correspond pas à la connexion commencée");
        await AssertFrenchPageAsync(forged, HttpStatusCode.BadRequest, "ne correspond pas à la connexion commencée");
        Assert.Empty(_github.Calls);
    }

    [Fact]
    public async Task A_sign_in_older_than_ten_minutes_is_refused()
    {
        var (location, cookie, _) = await StartAsync();
        var state = QueryHelpers.ParseQuery(location.Query)["state"].ToString();
        _api.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(2));

        await AssertFrenchPageAsync(await CallbackAsync($"code={GitHubOAuthStub.GoodCode}&state={state}", cookie),
            HttpStatusCode.BadRequest, "plus de 10 minutes");
        Assert.Empty(_github.Calls);
    }

    [Fact]
    public async Task A_bad_verification_code_answered_with_a_200_shows_GitHub_error_in_French()
    {
        var (location, cookie, _) = await StartAsync();
        var state = QueryHelpers.ParseQuery(location.Query)["state"].ToString();

        var response = await CallbackAsync($"code=used-or-expired&state={state}", cookie);

        var html = await AssertFrenchPageAsync(response, HttpStatusCode.BadRequest, "GitHub a refusé la connexion (bad_verification_code)");
        Assert.DoesNotContain("authorization:github:success", html);
        Assert.Single(_github.Calls);
    }

    [Fact]
    public async Task GitHub_down_or_the_sign_in_declined_are_French_pages_not_500s()
    {
        var (location, cookie, _) = await StartAsync();
        var state = QueryHelpers.ParseQuery(location.Query)["state"].ToString();
        _github.FailWith = 503;

        await AssertFrenchPageAsync(await CallbackAsync($"code={GitHubOAuthStub.GoodCode}&state={state}", cookie),
            HttpStatusCode.BadGateway, "GitHub ne répond pas");
        // « Cancel » on GitHub's page: GitHub comes back with error=access_denied and no code.
        await AssertFrenchPageAsync(await CallbackAsync($"error=access_denied&error_description=The+user+has+denied+your+application+access.&state={state}", cookie),
            HttpStatusCode.BadRequest, "GitHub n'a pas autorisé la connexion (access_denied)");
    }

    [Fact]
    public async Task Without_its_Key_Vault_secrets_the_sign_in_says_it_is_not_configured_and_the_API_still_runs()
    {
        // As deployed before staff saved the secrets: the app settings are the Key Vault references themselves.
        await using var api = await TestApi.StartAsync(storage, settings: new Dictionary<string, string?>
        {
            ["Cms:GitHubClientId"] = "@Microsoft.KeyVault(SecretUri=https://kv-monalisa.vault.azure.net/secrets/cms-github-client-id)",
            ["Cms:GitHubClientSecret"] = "@Microsoft.KeyVault(SecretUri=https://kv-monalisa.vault.azure.net/secrets/cms-github-client-secret)",
        });

        var response = await api.Client.GetAsync("/api/cms/auth");

        await AssertFrenchPageAsync(response, HttpStatusCode.ServiceUnavailable, "n'est pas encore configurée");
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync($"/api/sessions?course={TestCourse.RealSlug}")).StatusCode);
    }

    private async Task<(Uri Location, string Cookie, string SetCookie)> StartAsync()
    {
        var response = await _api.Client.GetAsync("/api/cms/auth?provider=github&site_id=example&scope=repo");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-monalisa-cms-state=", setCookie);
        var value = setCookie["__Host-monalisa-cms-state=".Length..setCookie.IndexOf(';')];
        return (response.Headers.Location!, Uri.UnescapeDataString(value), setCookie);
    }

    private async Task<HttpResponseMessage> CallbackAsync(string query, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cms/callback?" + query);
        if (cookie is not null) request.Headers.Add("Cookie", "__Host-monalisa-cms-state=" + Uri.EscapeDataString(cookie));
        return await _api.Client.SendAsync(request);
    }

    private static async Task<string> AssertFrenchPageAsync(HttpResponseMessage response, HttpStatusCode status, string text)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        Assert.Contains(text, System.Net.WebUtility.HtmlDecode(html));
        return html;
    }
}
