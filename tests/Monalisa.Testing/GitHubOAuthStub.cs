using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monalisa.Testing;

/// <summary>
/// GitHub's OAuth token endpoint (<c>POST /login/oauth/access_token</c>) over real HTTP, as GitHub answers it: a form
/// body in, JSON out only when asked with <c>Accept: application/json</c> (otherwise a form-encoded body), and its
/// refusals with a 200 and an <c>error</c> field. Records each call. For browser tests, its authorize page sends the
/// browser straight back with a good code (a staff member who pressed « Authorize »), and it serves a page that opens
/// the sign-in as Decap CMS's authenticator does (<see cref="OpenerPath"/>).
/// </summary>
public sealed class GitHubOAuthStub : IAsyncDisposable
{
    public const string ClientId = "Iv1.stubclientid0000";
    public const string ClientSecret = "stub-client-secret-0123456789abcdef";
    public const string GoodCode = "good-code-0123";
    public const string SiteOrigin = "https://formations.monalisa.test";
    public const string ApiOrigin = "https://api.monalisa.test";
    public const string Token = "gho_StubToken0123456789abcdefghijklmnopq";

    public sealed record Call(string Accept, IReadOnlyDictionary<string, string> Form);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();

    private GitHubOAuthStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<Call> Calls => [.. _calls];
    /// <summary>The next call answers this status with an HTML body, as GitHub's front does when it is down.</summary>
    public int? FailWith { get; set; }

    public static async Task<GitHubOAuthStub> StartAsync()
    {
        var app = LoopbackServer.Create();
        var stub = new GitHubOAuthStub(app);
        app.MapPost("/login/oauth/access_token", stub.TokenAsync);
        app.MapGet("/login/oauth/authorize", (HttpContext context) =>
        {
            var query = context.Request.Query;
            context.Response.Redirect($"{query["redirect_uri"]}?code={GoodCode}&state={Uri.EscapeDataString(query["state"].ToString())}");
        });
        app.MapGet(OpenerPath, (HttpContext context) =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(OpenerPage(context.Request.Query["api"].ToString()));
        });
        stub.BaseUrl = await LoopbackServer.StartAsync(app);
        return stub;
    }

    public Dictionary<string, string?> AppSettings() => new()
    {
        ["Cms:GitHubClientId"] = ClientId,
        ["Cms:GitHubClientSecret"] = ClientSecret,
        ["Cms:GitHubBaseUrl"] = BaseUrl,
        // The editor's site and this app on origins of their own, as deployed (Static Web App, Function App).
        ["Site:BaseUrl"] = SiteOrigin,
        ["Api:BaseUrl"] = ApiOrigin + "/",
        // Every line the app writes, to show the token is in none of them.
        ["Logging:LogLevel:Default"] = "Trace",
    };

    /// <summary>A page that opens <c>{api}/api/cms/auth</c> in a popup and runs Decap CMS's side of the handshake
    /// (decap-cms-lib-auth's NetlifyAuthenticator): it keeps the token it is given in <c>window.received</c>.</summary>
    public const string OpenerPath = "/editor";

    private static string OpenerPage(string api) => $$"""
        <!doctype html><title>editor</title><button id="login">Login with GitHub</button>
        <script>
        var base = {{System.Text.Json.JsonSerializer.Serialize(api)}};
        window.received = null;
        function authorize(e) {
          if (e.origin !== base) return;
          var m = /^authorization:github:success:(.+)$/.exec(e.data);
          if (m) window.received = JSON.parse(m[1]);
        }
        function handshake(e) {
          if (e.data === "authorizing:github" && e.origin === base) {
            window.removeEventListener("message", handshake);
            window.addEventListener("message", authorize);
            popup.postMessage(e.data, e.origin);
          }
        }
        var popup;
        document.getElementById("login").onclick = function () {
          window.addEventListener("message", handshake);
          popup = window.open(base + "/api/cms/auth?provider=github&site_id=test&scope=repo", "Netlify Authorization", "width=600,height=600");
        };
        </script>
        """;

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var call = new Call(context.Request.Headers.Accept.ToString(), form.ToDictionary(f => f.Key, f => f.Value.ToString()));
        _calls.Enqueue(call);
        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Unicorn!</body></html>");
            return;
        }
        var json = call.Accept.Contains("application/json", StringComparison.Ordinal);
        (string Key, string Value)[] answer =
            call.Form.GetValueOrDefault("client_id") != ClientId || call.Form.GetValueOrDefault("client_secret") != ClientSecret
                ? [("error", "incorrect_client_credentials"), ("error_description", "The client_id and/or client_secret passed are incorrect."),
                   ("error_uri", "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials")]
            : call.Form.GetValueOrDefault("code") != GoodCode
                ? [("error", "bad_verification_code"), ("error_description", "The code passed is incorrect or expired."),
                   ("error_uri", "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code")]
                : [("access_token", Token), ("token_type", "bearer"), ("scope", "repo")];
        // GitHub answers 200 either way.
        if (json)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(answer.ToDictionary(a => a.Key, a => a.Value)));
        }
        else
        {
            context.Response.ContentType = "application/x-www-form-urlencoded; charset=utf-8";
            await context.Response.WriteAsync(string.Join("&", answer.Select(a => $"{a.Key}={Uri.EscapeDataString(a.Value)}")));
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
