using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Tests.Email;

/// <summary>
/// Stands in for api.sendgrid.com on a free loopback port: records each POST /v3/mail/send body and answers as
/// scripted per email (by its custom_args outbox id, so every email of a test goes through the same script).
/// </summary>
public sealed class SendGridStub : IAsyncDisposable
{
    public const string ApiKey = "SG.test-only-not-a-key";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attemptsPerOutbox = new();
    private readonly ConcurrentQueue<Received> _received = new();

    /// <summary>One request the stub saw, with the status it answered.</summary>
    public sealed record Received(JsonElement Body, int Status, string? Authorization)
    {
        public string OutboxId => Body.GetProperty("custom_args").GetProperty("outbox_id").GetString()!;
        public IEnumerable<string> To => Body.GetProperty("personalizations").EnumerateArray()
            .SelectMany(p => p.GetProperty("to").EnumerateArray()).Select(t => t.GetProperty("email").GetString()!);
        public string Subject => Body.GetProperty("subject").GetString()!;
        public string Content(string type) => Body.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == type).GetProperty("value").GetString()!;
        public string Html => Content("text/html");
        public string Text => Content("text/plain");
        public IEnumerable<JsonElement> Attachments => Body.TryGetProperty("attachments", out var a) ? a.EnumerateArray() : [];
    }

    /// <summary>Status (and Retry-After seconds) for the nth attempt (1-based) at one email; 202 by default.</summary>
    public Func<int, (int Status, int? RetryAfterSeconds)> Script { get; set; } = _ => (202, null);

    /// <summary>While true, every connection is dropped without an answer, as when SendGrid cannot be reached.</summary>
    public bool Down { get; set; }

    /// <summary>Makes each attempt wait, so concurrent deliveries overlap.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public string BaseUrl { get; }

    public IReadOnlyList<Received> Requests => [.. _received];

    public IReadOnlyList<Received> Accepted => [.. _received.Where(r => r.Status is >= 200 and < 300)];

    private SendGridStub(WebApplication app)
    {
        _app = app;
        BaseUrl = LoopbackServer.Address(app);
    }

    public static async Task<SendGridStub> StartAsync()
    {
        var app = LoopbackServer.Create();
        SendGridStub? stub = null;
        app.MapPost("/v3/mail/send", async (HttpContext context) =>
        {
            if (stub!.Down)
            {
                context.Abort();
                return;
            }
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var body = json.RootElement.Clone();
            var id = body.TryGetProperty("custom_args", out var args) && args.TryGetProperty("outbox_id", out var o) ? o.GetString() ?? "" : "";
            var attempt = stub!._attemptsPerOutbox.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (stub.Delay > TimeSpan.Zero) await Task.Delay(stub.Delay);
            var (status, retryAfter) = stub.Script(attempt);
            stub._received.Enqueue(new Received(body, status, context.Request.Headers.Authorization.ToString()));
            context.Response.StatusCode = status;
            if (retryAfter is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (status == 202) context.Response.Headers["X-Message-Id"] = $"stub-{id}-{attempt}";
            else await context.Response.WriteAsJsonAsync(new { errors = new[] { new { message = "scripted failure" } } });
        });
        await app.StartAsync();
        stub = new SendGridStub(app);
        return stub;
    }

    /// <summary>The requests about the given outbox records only: the shared Azurite may hold other tests' records.</summary>
    public IReadOnlyList<Received> For(IEnumerable<string> outboxIds)
    {
        var ids = outboxIds.ToHashSet();
        return [.. _received.Where(r => ids.Contains(r.OutboxId))];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
