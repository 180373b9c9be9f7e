using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stripe;

namespace Monalisa.Functions.Payments;

/// <summary>
/// At start, asks Stripe how the webhook endpoint that reaches this app is set up, and says loudly what would stop
/// payments from being confirmed: no endpoint, a disabled one, an API version this build cannot read (every event
/// would be refused with 400 and retried by Stripe for days), or a missing event. It never stops the app: invoice
/// enrolments and the catalogue work without Stripe, and a Stripe outage at start is not a configuration error.
/// </summary>
/// <remarks>
/// The Stripe client is resolved once the host has started, not injected: making it (Stripe.net's first use of
/// Newtonsoft.Json) took a few hundred milliseconds of every cold start, before the first visitor's answer.
/// </remarks>
internal sealed class StripeWebhookEndpointCheck(IServiceProvider services, StripeSettings settings, ILogger<StripeWebhookEndpointCheck> logger) : BackgroundService
{
    /// <summary>The path Stripe must post to (the function's route).</summary>
    public const string WebhookPath = "/api/stripe/webhook";

    /// <summary>The events this app acts on (StripeWebhookHandler): the same list as docs/deploy.md.</summary>
    public static readonly IReadOnlyList<string> RequiredEvents =
    [
        EventTypes.CheckoutSessionCompleted, EventTypes.CheckoutSessionAsyncPaymentSucceeded,
        EventTypes.CheckoutSessionAsyncPaymentFailed, EventTypes.CheckoutSessionExpired,
        EventTypes.PaymentIntentSucceeded, EventTypes.PaymentIntentPaymentFailed,
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(settings.SecretKey) || !settings.VerifyWebhookEndpoint) return;
        await Task.Yield();   // off the host's start: the check and the client's making run beside the first requests
        var stripe = services.GetRequiredService<IStripeClient>();
        try
        {
            var endpoints = await new WebhookEndpointService(stripe).ListAsync(new WebhookEndpointListOptions { Limit = 100 }, cancellationToken: stoppingToken);
            Report([.. endpoints.Data.Where(e => Uri.TryCreate(e.Url, UriKind.Absolute, out var url) && url.AbsolutePath.TrimEnd('/') == WebhookPath)]);
        }
        catch (StripeException e)
        {
            logger.LogWarning("Stripe webhook endpoint not checked: Stripe answered {StripeError}.", e.StripeError?.Type ?? e.HttpStatusCode.ToString());
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Stripe webhook endpoint not checked: Stripe unreachable ({Reason}).", e.Message);
        }
    }

    private void Report(IReadOnlyList<WebhookEndpoint> endpoints)
    {
        if (endpoints.Count == 0)
        {
            logger.LogCritical("No Stripe webhook endpoint posts to {WebhookPath} in this mode: card payments will never be confirmed. See docs/deploy.md.", WebhookPath);
            return;
        }
        foreach (var endpoint in endpoints)
        {
            var wrong = new List<string>();
            // An endpoint without a version of its own gets the account's default: that is not a pinned, checked version.
            if (endpoint.ApiVersion != StripeConfiguration.ApiVersion)
                wrong.Add($"API version {endpoint.ApiVersion ?? "(account default)"} instead of {StripeConfiguration.ApiVersion}");
            if (endpoint.Status != "enabled")
                wrong.Add($"status {endpoint.Status}");
            var events = endpoint.EnabledEvents ?? [];
            var missing = events.Contains("*") ? [] : RequiredEvents.Except(events).ToList();
            if (missing.Count > 0)
                wrong.Add("missing events " + string.Join(", ", missing));
            if (wrong.Count == 0)
                logger.LogInformation("Stripe webhook endpoint {EndpointId} checked: API version {ApiVersion}, enabled, every event needed.", endpoint.Id, endpoint.ApiVersion);
            else
                logger.LogCritical("Stripe webhook endpoint {EndpointId} is wrong: {Problems}. Fix it in Stripe before taking payments (docs/deploy.md).", endpoint.Id, string.Join("; ", wrong));
        }
    }
}
