using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
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

    /// <summary>
    /// The next off-session PaymentIntent for this enrolment (metadata) is declined with this code (card_declined,
    /// authentication_required); otherwise PaymentIntents succeed. Keyed by enrolment: tests share one Azurite.
    /// </summary>
    public ConcurrentDictionary<string, string> DeclineNextPaymentOf { get; } = new();

    /// <summary>The webhook endpoints GET /v1/webhook_endpoints lists, as Stripe's JSON objects.</summary>
    public ConcurrentQueue<string> WebhookEndpoints { get; } = new();

    /// <summary>A webhook endpoint object as Stripe returns it.</summary>
    public static string WebhookEndpoint(string url, string? apiVersion, string status = "enabled", params string[] events) =>
        $$"""{"id":"we_test_{{Guid.NewGuid().ToString("N")[..14]}}","object":"webhook_endpoint","url":"{{url}}","api_version":{{(apiVersion is null ? "null" : $"\"{apiVersion}\"")}},"status":"{{status}}","enabled_events":[{{string.Join(",", events.Select(e => $"\"{e}\""))}}],"livemode":false,"created":1700000000}""";

    /// <summary>
    /// Stripe's clock, when a test sets it (e.g. the app's fake clock plus a slow request): a Checkout whose
    /// <c>expires_at</c> is less than 30 minutes after it is refused with 400, as Stripe refuses it.
    /// </summary>
    public Func<DateTimeOffset>? Clock { get; set; }

    /// <summary>Checkout sessions created, by id: « open » until expired through the API (or set by a test).</summary>
    public ConcurrentDictionary<string, string> CheckoutStatus { get; } = new();

    // Stripe answers a repeated Idempotency-Key with the first answer (checkouts and refunds here).
    private readonly ConcurrentDictionary<string, string> _idempotent = new();

    /// <summary>The requests to one API path (e.g. /v1/payment_intents).</summary>
    public IReadOnlyList<Recorded> To(string path) => [.. _requests.Where(r => r.Path == path)];

    private StripeStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<Recorded> Requests => [.. _requests];

    public static async Task<StripeStub> StartAsync()
    {
        var app = LoopbackServer.Create();
        var stub = new StripeStub(app);
        app.Run(stub.HandleAsync);
        stub.BaseUrl = await LoopbackServer.StartAsync(app);
        return stub;
    }

    public const string WebhookSecret = "whsec_stub_signing";

    /// <summary>The app settings that point the app's Stripe.net client at this stub (test key, known webhook secret).</summary>
    public Dictionary<string, string?> AppSettings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Stripe:SecretKey"] = "sk_test_stub",
            ["Stripe:WebhookSecret"] = WebhookSecret,
            ["Stripe:ApiBase"] = BaseUrl,
            // The start-up check of the webhook endpoint would add a request to every test's record: only its own tests turn it on.
            ["Stripe:VerifyWebhookEndpoint"] = "false",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
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
        var idempotencyKey = context.Request.Method == "POST" ? path + "|" + context.Request.Headers["Idempotency-Key"].ToString() : null;
        if (idempotencyKey is not null && !idempotencyKey.EndsWith('|') && _idempotent.TryGetValue(idempotencyKey, out var first))
        {
            await context.Response.WriteAsync(first);
            return;
        }
        if (path == "/v1/webhook_endpoints" && context.Request.Method == "GET")
        {
            await context.Response.WriteAsync($$"""{"object":"list","url":"/v1/webhook_endpoints","has_more":false,"data":[{{string.Join(",", WebhookEndpoints)}}]}""");
            return;
        }
        if (path.StartsWith("/v1/checkout/sessions/", StringComparison.Ordinal))
        {
            await CheckoutSessionAsync(context, path["/v1/checkout/sessions/".Length..]);
            return;
        }
        if (path == "/v1/customers")
        {
            await context.Response.WriteAsync($$"""
                {"id":"cus_test_{{Guid.NewGuid().ToString("N")[..14]}}","object":"customer","email":"{{form.GetValueOrDefault("email")}}","created":1700000000,"livemode":false}
                """);
            return;
        }
        if (path.StartsWith("/v1/setup_intents/", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync($$"""
                {"id":"{{path["/v1/setup_intents/".Length..]}}","object":"setup_intent","status":"succeeded","payment_method":"pm_test_card_visa","usage":"off_session","created":1700000000,"livemode":false}
                """);
            return;
        }
        if (path == "/v1/payment_intents")
        {
            var pi = "pi_test_" + Guid.NewGuid().ToString("N")[..20];
            var metadata = $$"""{"enrolmentId":"{{form.GetValueOrDefault("metadata[enrolmentId]")}}","instalment":"{{form.GetValueOrDefault("metadata[instalment]")}}"}""";
            if (DeclineNextPaymentOf.TryRemove(form.GetValueOrDefault("metadata[enrolmentId]") ?? "", out var code))
            {
                context.Response.StatusCode = 402;
                var intent = $$"""{"id":"{{pi}}","object":"payment_intent","amount":{{form.GetValueOrDefault("amount")}},"currency":"eur","status":"requires_payment_method","metadata":{{metadata}}}""";
                await context.Response.WriteAsync($$"""{"error":{"type":"card_error","code":"{{code}}","message":"Stub: {{code}}","payment_intent":""" + intent + "}}");
                return;
            }
            await RememberAsync(context, idempotencyKey, $$"""
                {"id":"{{pi}}","object":"payment_intent","amount":{{form.GetValueOrDefault("amount")}},"amount_received":{{form.GetValueOrDefault("amount")}},"currency":"eur","status":"succeeded","customer":"{{form.GetValueOrDefault("customer")}}","payment_method":"{{form.GetValueOrDefault("payment_method")}}","metadata":{{metadata}},"created":1700000000,"livemode":false}
                """);
            return;
        }
        if (path == "/v1/checkout/sessions")
        {
            if (Clock is { } now && form.TryGetValue("expires_at", out var expiresAt)
                && long.Parse(expiresAt, System.Globalization.CultureInfo.InvariantCulture) < (now() + TimeSpan.FromMinutes(30)).ToUnixTimeSeconds())
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("""{"error":{"type":"invalid_request_error","param":"expires_at","message":"The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation."}}""");
                return;
            }
            var id = "cs_test_" + Guid.NewGuid().ToString("N")[..20];
            CheckoutStatus[id] = "open";
            await RememberAsync(context, idempotencyKey, $$"""
                {"id":"{{id}}","object":"checkout.session","mode":"{{form.GetValueOrDefault("mode") ?? "payment"}}","status":"open","payment_status":"unpaid",
                 "url":"https://checkout.stripe.test/c/pay/{{id}}","client_reference_id":"{{form.GetValueOrDefault("client_reference_id")}}",
                 "amount_total":0,"currency":"eur","livemode":false,"created":1700000000,"expires_at":{{form.GetValueOrDefault("expires_at") ?? "1700001800"}}}
                """);
            return;
        }
        if (path == "/v1/refunds")
        {
            await RememberAsync(context, idempotencyKey, $$"""
                {"id":"re_test_{{Guid.NewGuid():N}}","object":"refund","amount":0,"currency":"eur","status":"succeeded","payment_intent":"{{form.GetValueOrDefault("payment_intent")}}","created":1700000000}
                """);
            return;
        }
        context.Response.StatusCode = 404;
        await context.Response.WriteAsync("""{"error":{"type":"invalid_request_error","message":"Unknown path in stub"}}""");
    }

    private async Task RememberAsync(HttpContext context, string? idempotencyKey, string body)
    {
        if (idempotencyKey is not null && !idempotencyKey.EndsWith('|')) body = _idempotent.GetOrAdd(idempotencyKey, body);
        await context.Response.WriteAsync(body);
    }

    /// <summary>GET a session (its status), or POST …/expire (only an open one, as Stripe).</summary>
    private async Task CheckoutSessionAsync(HttpContext context, string rest)
    {
        var expire = rest.EndsWith("/expire", StringComparison.Ordinal);
        var sessionId = expire ? rest[..^"/expire".Length] : rest;
        if (!CheckoutStatus.TryGetValue(sessionId, out var status))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such checkout.session"}}""");
            return;
        }
        if (expire)
        {
            if (status != "open")
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("""{"error":{"type":"invalid_request_error","message":"Only open Checkout Sessions can be expired."}}""");
                return;
            }
            CheckoutStatus[sessionId] = status = "expired";
        }
        await context.Response.WriteAsync($$"""
            {"id":"{{sessionId}}","object":"checkout.session","status":"{{status}}","url":"https://checkout.stripe.test/c/pay/{{sessionId}}","livemode":false,"created":1700000000}
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
