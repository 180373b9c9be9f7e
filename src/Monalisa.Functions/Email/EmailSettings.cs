using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Email;

/// <summary>Who sends and who receives staff notifications (section <c>Email</c>).</summary>
internal sealed class EmailSettings
{
    private const string DefaultFromName = "MONALISA — formations";
    private string _fromName = DefaultFromName;
    private string? _replyTo;

    public string FromAddress { get; set; } = "";

    public string FromName { get => _fromName; set => _fromName = string.IsNullOrWhiteSpace(value) ? DefaultFromName : value; }

    public string? ReplyTo { get => _replyTo; set => _replyTo = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>As configured: addresses separated by ";" or ",".</summary>
    [ConfigurationKeyName("StaffRecipients")]
    public string StaffRecipientList { get; set; } = "";

    public IReadOnlyList<string> StaffRecipients =>
        StaffRecipientList.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Where a trainee writes about access needs: the reply-to address if set, else the sender.</summary>
    public string Contact => ReplyTo ?? FromAddress;
}

/// <summary>How to reach SendGrid (section <c>SendGrid</c>).</summary>
internal sealed class SendGridSettings
{
    public string? ApiKey { get; set; }
    /// <summary>Tests only: the recording SendGrid stub.</summary>
    public string? Host { get; set; }
}

/// <summary>An email cannot go without a sender and staff recipients: each one missing is named at start.</summary>
internal sealed class EmailSettingsValidator : IValidateOptions<EmailSettings>
{
    public ValidateOptionsResult Validate(string? name, EmailSettings settings)
    {
        List<string> missing = [];
        if (string.IsNullOrWhiteSpace(settings.FromAddress)) missing.Add(SettingNames.EmailFromAddress);
        if (settings.StaffRecipients.Count == 0) missing.Add(SettingNames.EmailStaffRecipients);
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Configuration incomplète : {string.Join(" et ", missing)} {(missing.Count > 1 ? "sont obligatoires" : "est obligatoire")} pour envoyer les e-mails.");
    }
}

/// <summary>The deployed app sends through SendGrid: a missing key (Key Vault reference) stops the start.</summary>
internal sealed class SendGridKeyValidator : IValidateOptions<SendGridSettings>
{
    public ValidateOptionsResult Validate(string? name, SendGridSettings settings) =>
        string.IsNullOrEmpty(settings.ApiKey)
            ? ValidateOptionsResult.Fail(
                $"Configuration incomplète : {SettingNames.SendGridApiKey} est obligatoire pour envoyer les e-mails " +
                $"(référence Key Vault dans Azure, voir docs/deploy.md), avec {SettingNames.EmailFromAddress} et {SettingNames.EmailStaffRecipients}.")
            : ValidateOptionsResult.Success;
}
