using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monalisa.Testing;

/// <summary>
/// A local stand-in for the Stripe API that records every request (path, form fields, headers) and answers as
/// scripted: a checkout session, a refund, an error status, or a stall longer than the client's timeout.
/// </summary>
public sealed class StripeStub : IAsyncDisposable
{
    public sealed record Recorded(string Method, string Path, IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Headers);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Recorded> _requests = new();

    public ConcurrentQueue<Func<HttpContext, Task>?> Script { get; } = new();

    private StripeStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<Recorded> Requests => [.. _requests];

    public static async Task<StripeStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StripeStub(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub;
    }

    /// <summary>The next request gets this status with a Stripe-shaped error body.</summary>
    public void FailNext(HttpStatusCode status, int times = 1)
    {
        for (var i = 0; i < times; i++)
            Script.Enqueue(async context =>
            {
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"error":{"type":"api_error","message":"Stub failure"}}""");
            });
    }

    /// <summary>The next request waits this long before answering (longer than the client's timeout).</summary>
    public void StallNext(TimeSpan delay) => Script.Enqueue(async context => await Task.Delay(delay, context.RequestAborted));

    private async Task HandleAsync(HttpContext context)
    {
        var form = new Dictionary<string, string>();
        if (context.Request.HasFormContentType)
        {
            using var reader = new StreamReader(context.Request.Body);
            foreach (var (key, value) in QueryHelpers.ParseQuery("?" + await reader.ReadToEndAsync()))
                form[key] = value.ToString();
        }
        _requests.Enqueue(new Recorded(context.Request.Method, context.Request.Path, form,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

        if (Script.TryDequeue(out var scripted) && scripted is not null)
        {
            try { await scripted(context); } catch (OperationCanceledException) { }
            return;
        }

        context.Response.ContentType = "application/json";
        var path = context.Request.Path.Value ?? "";
        if (path == "/v1/checkout/sessions")
        {
            var id = "cs_test_" + Guid.NewGuid().ToString("N")[..20];
            await context.Response.WriteAsync($$"""
                {"id":"{{id}}","object":"checkout.session","mode":"payment","status":"open","payment_status":"unpaid",
                 "url":"https://checkout.stripe.test/c/pay/{{id}}","client_reference_id":"{{form.GetValueOrDefault("client_reference_id")}}",
                 "amount_total":0,"currency":"eur","livemode":false,"created":1700000000,"expires_at":{{form.GetValueOrDefault("expires_at") ?? "1700001800"}}}
                """);
            return;
        }
        if (path == "/v1/refunds")
        {
            await context.Response.WriteAsync($$"""
                {"id":"re_test_{{Guid.NewGuid():N}}","object":"refund","amount":0,"currency":"eur","status":"succeeded","payment_intent":"{{form.GetValueOrDefault("payment_intent")}}","created":1700000000}
                """);
            return;
        }
        context.Response.StatusCode = 404;
        await context.Response.WriteAsync("""{"error":{"type":"invalid_request_error","message":"Unknown path in stub"}}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
