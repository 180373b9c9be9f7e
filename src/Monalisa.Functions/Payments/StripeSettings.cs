using Microsoft.Extensions.Options;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Payments;

/// <summary>Stripe keys and where to reach it (section <c>Stripe</c>).</summary>
internal sealed class StripeSettings
{
    /// <summary>Checkout events are accepted up to this old (Stripe's default tolerance).</summary>
    public const long SignatureToleranceSeconds = 300;

    public string? SecretKey { get; set; }
    public string WebhookSecret { get; set; } = "";
    /// <summary>Tests only: the recording Stripe stub.</summary>
    public string? ApiBase { get; set; }
    public int TimeoutSeconds { get; set; } = 15;
    /// <summary>At start, check the webhook endpoint's API version, status and events with Stripe (<c>Stripe:VerifyWebhookEndpoint</c>).</summary>
    public bool VerifyWebhookEndpoint { get; set; } = true;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>
    /// Live events are acted on only with a live key (<c>sk_live_</c>, <c>rk_live_</c>); any other key, or none (the local
    /// host), takes test events only.
    /// </summary>
    public bool ExpectsLiveEvents =>
        SecretKey is { } key && (key.StartsWith("sk_live_", StringComparison.Ordinal) || key.StartsWith("rk_live_", StringComparison.Ordinal));
}

/// <summary>The deployed app takes payments: both Stripe keys are required, so a missing Key Vault reference stops the start.</summary>
internal sealed class StripeKeysValidator : IValidateOptions<StripeSettings>
{
    public ValidateOptionsResult Validate(string? name, StripeSettings settings)
    {
        if (string.IsNullOrEmpty(settings.SecretKey))
            return ValidateOptionsResult.Fail(
                $"Configuration incomplète : {SettingNames.StripeSecretKey} et {SettingNames.StripeWebhookSecret} sont obligatoires " +
                "(références Key Vault dans Azure, voir docs/deploy.md).");
        if (string.IsNullOrEmpty(settings.WebhookSecret))
            return ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.StripeWebhookSecret} est obligatoire avec {SettingNames.StripeSecretKey}.");
        return ValidateOptionsResult.Success;
    }
}
