using Microsoft.Extensions.Configuration;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Payments;

/// <summary>Stripe keys and where to reach it. Without a secret key, only the local host runs (offline checkout).</summary>
internal sealed record StripeSettings(string? SecretKey, string WebhookSecret, string? ApiBase, TimeSpan Timeout)
{
    /// <summary>Checkout events are accepted up to this old (Stripe's default tolerance).</summary>
    public const long SignatureToleranceSeconds = 300;

    public bool HasKeys => !string.IsNullOrEmpty(SecretKey);

    public static StripeSettings From(IConfiguration configuration) => new(
        configuration[SettingNames.StripeSecretKey],
        configuration[SettingNames.StripeWebhookSecret] ?? "",
        configuration[SettingNames.StripeApiBase],
        TimeSpan.FromSeconds(configuration.GetValue<int?>("Stripe:TimeoutSeconds") ?? 15));
}
