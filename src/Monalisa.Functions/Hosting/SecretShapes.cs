using Microsoft.Extensions.Options;
using Monalisa.Functions.Email;
using Monalisa.Functions.Payments;

namespace Monalisa.Functions.Hosting;

/// <summary>
/// Checks that each secret looks like what its provider issues. An unresolved Key Vault reference reaches the app as
/// the literal text <c>@Microsoft.KeyVault(...)</c>: without this check it would become the webhook secret (every
/// event refused as badly signed) or the API key (every call refused), and the app would start as if all were well.
/// A missing secret is left to the features' own validators, which name it. The value is never printed.
/// </summary>
internal sealed class SecretShapes : IValidateOptions<StripeSettings>, IValidateOptions<SendGridSettings>
{
    internal const string KeyVaultReference = "@Microsoft.KeyVault(";

    public ValidateOptionsResult Validate(string? name, StripeSettings settings)
    {
        List<string> wrong = [];
        if (!string.IsNullOrEmpty(settings.SecretKey) && !HasPrefix(settings.SecretKey, "sk_", "rk_"))
            wrong.Add(Describe(SettingNames.StripeSecretKey, settings.SecretKey, "sk_ ou rk_"));
        if (!string.IsNullOrEmpty(settings.WebhookSecret) && !HasPrefix(settings.WebhookSecret, "whsec_"))
            wrong.Add(Describe(SettingNames.StripeWebhookSecret, settings.WebhookSecret, "whsec_"));
        return wrong.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(wrong);
    }

    public ValidateOptionsResult Validate(string? name, SendGridSettings settings) =>
        !string.IsNullOrEmpty(settings.ApiKey) && !HasPrefix(settings.ApiKey, "SG.")
            ? ValidateOptionsResult.Fail(Describe(SettingNames.SendGridApiKey, settings.ApiKey, "SG."))
            : ValidateOptionsResult.Success;

    private static bool HasPrefix(string value, params string[] prefixes) =>
        prefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Names the setting and the expected prefix; says whether it is an unresolved reference, never the value.</summary>
    private static string Describe(string setting, string value, string expected) =>
        value.TrimStart().StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase)
            ? $"Configuration invalide : {setting} est une référence Key Vault non résolue (droits de l'identité sur le coffre, nom du secret ; voir docs/deploy.md)."
            : $"Configuration invalide : {setting} doit commencer par {expected} (valeur non affichée).";
}
