using Microsoft.Extensions.Configuration;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Email;

/// <summary>Who sends, who receives staff notifications, and how to reach SendGrid. Without an API key, only the local host runs (file outbox).</summary>
internal sealed record EmailSettings(
    string? ApiKey,
    string? Host,
    string FromAddress,
    string FromName,
    IReadOnlyList<string> StaffRecipients,
    string? ReplyTo)
{
    public bool HasApiKey => !string.IsNullOrEmpty(ApiKey);

    /// <summary>Where a trainee writes about access needs: the reply-to address if set, else the sender.</summary>
    public string Contact => string.IsNullOrEmpty(ReplyTo) ? FromAddress : ReplyTo;

    public static EmailSettings From(IConfiguration configuration) => new(
        configuration[SettingNames.SendGridApiKey],
        configuration[SettingNames.SendGridHost],
        configuration[SettingNames.EmailFromAddress] ?? "",
        configuration[SettingNames.EmailFromName] is { Length: > 0 } name ? name : "MONALISA — formations",
        (configuration[SettingNames.EmailStaffRecipients] ?? "")
            .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        configuration[SettingNames.EmailReplyTo] is { Length: > 0 } replyTo ? replyTo : null);

    /// <summary>The settings an email cannot go without; a French message for each one missing.</summary>
    public IEnumerable<string> Missing()
    {
        if (string.IsNullOrWhiteSpace(FromAddress)) yield return SettingNames.EmailFromAddress;
        if (StaffRecipients.Count == 0) yield return SettingNames.EmailStaffRecipients;
    }
}
