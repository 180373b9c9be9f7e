using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monalisa.LocalHost;

namespace Monalisa.Testing;

/// <summary>
/// PISTE and Chorus Pro over real HTTP, for tests: the local host's offline stand-in (<see cref="ChorusProStandIn"/>,
/// which speaks the documented JSON) behind a Kestrel port, recording every call (path, JSON body, headers), with
/// scripted failures. Tests set its directory (<see cref="ChorusProStandIn.Structures"/>, <see cref="ChorusProStandIn.Unknown"/>)
/// and the buyer's answers (<see cref="ChorusProStandIn.Reject"/>).
/// </summary>
public sealed class ChorusProStub : IAsyncDisposable
{
    public sealed record Recorded(string Path, JsonObject? Body, IReadOnlyDictionary<string, string> Headers);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Recorded> _requests = new();

    private ChorusProStub(WebApplication app) => _app = app;

    public ChorusProStandIn StandIn { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<Recorded> Requests => [.. _requests];
    public IReadOnlyList<Recorded> To(string path) => [.. _requests.Where(r => r.Path == path)];

    /// <summary>The next calls (any path) answer this status with an empty body: Chorus Pro down.</summary>
    public ConcurrentQueue<HttpStatusCode> FailNext { get; } = new();

    public const string ClientId = "piste-client-stub";
    public const string ClientSecret = "piste-secret-stub";
    public const string TechnicalLogin = "TECH_stub@monalisa.test";
    public const string TechnicalPassword = "mot-de-passe-technique-stub";

    public static async Task<ChorusProStub> StartAsync()
    {
        var app = LoopbackServer.Create();
        var stub = new ChorusProStub(app);
        app.Run(stub.HandleAsync);
        stub.BaseUrl = await LoopbackServer.StartAsync(app);
        return stub;
    }

    /// <summary>The app settings that point the app's Chorus Pro client at this stub.</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["ChorusPro:BaseUrl"] = BaseUrl,
        ["ChorusPro:TokenUrl"] = BaseUrl + "/api/oauth/token",
        ["ChorusPro:ClientId"] = ClientId,
        ["ChorusPro:ClientSecret"] = ClientSecret,
        ["ChorusPro:TechnicalLogin"] = TechnicalLogin,
        ["ChorusPro:TechnicalPassword"] = TechnicalPassword,
        ["ChorusPro:TimeoutSeconds"] = "5",
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        var json = context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true && text.Length > 0
            ? JsonNode.Parse(text) as JsonObject : null;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        // The token request is a form: kept as text, so a test can read what was sent.
        if (json is null) headers["x-body"] = text;
        _requests.Enqueue(new Recorded(context.Request.Path, json, headers));
        if (FailNext.TryDequeue(out var failure))
        {
            context.Response.StatusCode = (int)failure;
            return;
        }
        var (status, answer) = StandIn.Answer(context.Request.Path, json);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
