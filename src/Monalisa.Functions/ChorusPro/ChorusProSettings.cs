using Microsoft.Extensions.Options;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.ChorusPro;

/// <summary>Where and as whom the app reaches Chorus Pro (section <c>ChorusPro</c>); the four identifiers are Key Vault secrets.</summary>
internal sealed class ChorusProSettings
{
    public string BaseUrl { get; set; } = "";
    public string TokenUrl { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string TechnicalLogin { get; set; } = "";
    public string TechnicalPassword { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 20;
    /// <summary>Look-ups of SIRETs from the enrolment form, per client address and hour.</summary>
    public int LookupsPerAddressPerHour { get; set; } = 30;
    /// <summary>Deposits tried this many times (transient failures) before staff are asked to deposit by hand.</summary>
    public int MaxDepositAttempts { get; set; } = 5;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}

/// <summary>Public bodies are invoiced only through Chorus Pro: every identifier is required, so a missing Key Vault reference stops the start.</summary>
internal sealed class ChorusProSettingsValidator : IValidateOptions<ChorusProSettings>
{
    public ValidateOptionsResult Validate(string? name, ChorusProSettings settings)
    {
        var missing = new (string Key, string Value)[]
        {
            (SettingNames.ChorusProBaseUrl, settings.BaseUrl), (SettingNames.ChorusProTokenUrl, settings.TokenUrl),
            (SettingNames.ChorusProClientId, settings.ClientId), (SettingNames.ChorusProClientSecret, settings.ClientSecret),
            (SettingNames.ChorusProTechnicalLogin, settings.TechnicalLogin), (SettingNames.ChorusProTechnicalPassword, settings.TechnicalPassword),
        }.Where(s => string.IsNullOrWhiteSpace(s.Value)).Select(s => s.Key).ToList();
        return missing.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Configuration incomplète : {string.Join(", ", missing)} obligatoire(s) pour Chorus Pro (secrets Key Vault, voir docs/deploy.md).");
    }
}
