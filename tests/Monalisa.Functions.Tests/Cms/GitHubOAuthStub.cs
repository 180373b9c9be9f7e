using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monalisa.Functions.Tests.Cms;

/// <summary>
/// GitHub's OAuth token endpoint (<c>POST /login/oauth/access_token</c>) over real HTTP, as GitHub answers it: a form
/// body in, JSON out only when asked with <c>Accept: application/json</c> (otherwise a form-encoded body), and its
/// refusals with a 200 and an <c>error</c> field. Records each call.
/// </summary>
internal sealed class GitHubOAuthStub : IAsyncDisposable
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new GitHubOAuthStub(app);
        app.MapPost("/login/oauth/access_token", stub.TokenAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
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
