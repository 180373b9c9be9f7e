using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Payments;
using Stripe;

namespace Monalisa.Functions.Tests.Payments;

/// <summary>At start, a Stripe webhook endpoint that would refuse or miss events is named before any money flows.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StripeWebhookEndpointCheckTests(AzuriteFixture storage)
{
    private static readonly string[] AllEvents = [.. StripeWebhookEndpointCheck.RequiredEvents];

    [Fact]
    public async Task An_endpoint_on_another_api_version_is_reported_at_start_with_both_versions()
    {
        var lines = await StartWithAsync(StripeStub.WebhookEndpoint("https://fonctions.example/api/stripe/webhook", "2024-06-20", "enabled", AllEvents));

        var line = Assert.Single(lines, l => l.StartsWith("Critical:"));
        Assert.Contains("2024-06-20", line);
        Assert.Contains(StripeConfiguration.ApiVersion, line);
    }

    [Fact]
    public async Task An_endpoint_without_a_pinned_version_or_missing_an_event_is_reported()
    {
        var lines = await StartWithAsync(StripeStub.WebhookEndpoint("https://fonctions.example/api/stripe/webhook", null, "enabled", EventTypes.CheckoutSessionCompleted));

        var line = Assert.Single(lines, l => l.StartsWith("Critical:"));
        Assert.Contains("(account default)", line);
        Assert.Contains(EventTypes.CheckoutSessionExpired, line);
    }

    [Fact]
    public async Task No_endpoint_posting_to_this_app_is_reported()
    {
        var lines = await StartWithAsync(StripeStub.WebhookEndpoint("https://autre-site.example/webhooks/stripe", StripeConfiguration.ApiVersion, "enabled", AllEvents));

        Assert.Contains(lines, l => l.StartsWith("Critical:") && l.Contains("No Stripe webhook endpoint"));
    }

    [Fact]
    public async Task A_correct_endpoint_is_checked_quietly()
    {
        var lines = await StartWithAsync(StripeStub.WebhookEndpoint("https://fonctions.example/api/stripe/webhook", StripeConfiguration.ApiVersion, "enabled", AllEvents));

        Assert.DoesNotContain(lines, l => l.StartsWith("Critical:") || l.StartsWith("Error:") || l.StartsWith("Warning:"));
    }

    private async Task<IReadOnlyList<string>> StartWithAsync(string endpoint)
    {
        await using var stripe = await StripeStub.StartAsync();
        stripe.WebhookEndpoints.Enqueue(endpoint);
        var logs = new LogCapture();
        await using var api = await TestApi.StartAsync(storage, settings: stripe.AppSettings(("Stripe:VerifyWebhookEndpoint", "true")),
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        // The check runs in the background once the host has started: wait for it to end.
        var check = api.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<StripeWebhookEndpointCheck>().Single();
        await check.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(stripe.To("/v1/webhook_endpoints"));
        return [.. logs.Lines.Where(l => l.Contains("webhook endpoint"))];
    }
}
