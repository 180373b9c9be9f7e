using SendGrid;
using SendGrid.Helpers.Mail;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Email;

/// <summary>
/// Sends through SendGrid's v3 mail/send. The client's own retries are off (its default): the outbox counts attempts and
/// spaces them, so a retry survives a restart and is never hidden inside one invocation.
/// </summary>
internal sealed class SendGridEmailSender(ISendGridClient client, EmailSettings settings) : IEmailSender
{
    /// <summary>The custom_args key SendGrid echoes in its event webhook, so a bounce can be traced to its outbox record.</summary>
    public const string OutboxIdArg = "outbox_id";
    public const string KindArg = "kind";

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mail = new SendGridMessage();
        mail.SetFrom(new SendGrid.Helpers.Mail.EmailAddress(settings.FromAddress, DisplayName(settings.FromName)));
        if (settings.ReplyTo is { } replyTo) mail.SetReplyTo(new SendGrid.Helpers.Mail.EmailAddress(replyTo));
        mail.AddTos([.. message.To.Select(t => new SendGrid.Helpers.Mail.EmailAddress(t.Address, DisplayName(t.Name)))]);
        mail.SetGlobalSubject(message.Subject);
        // text/plain must come before text/html (SendGrid's rule).
        mail.AddContent(MimeType.Text, message.Text);
        mail.AddContent(MimeType.Html, message.Html);
        foreach (var attachment in message.Attachments)
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType, "attachment");
        mail.AddGlobalCustomArg(OutboxIdArg, message.OutboxId);
        mail.AddGlobalCustomArg(KindArg, message.Kind);

        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"network: {e.GetType().Name}", null);
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
            return new SendResult.Accepted(response.Headers?.TryGetValues("X-Message-Id", out var ids) == true ? ids.FirstOrDefault() : null);
        // 401/403 are a key or sender problem that staff can fix in time for a later attempt.
        if (status is 408 or 429 or 401 or 403 || status >= 500)
            return new SendResult.Transient($"HTTP {status}", RetryAfter(response));
        return new SendResult.Permanent($"HTTP {status}");
    }

    /// <summary>
    /// SendGrid accepts a name holding <c>,</c> or <c>;</c>, then splits it as an address list and drops the message as
    /// sent to an invalid address (sendgrid-csharp#268), while the outbox has marked it sent. Organisation names often
    /// hold commas (« Mairie de Lyon, CCAS »), so such a name goes as an RFC 5322 quoted string, which SendGrid keeps whole.
    /// </summary>
    internal static string? DisplayName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var trimmed = name.Trim();
        if (!trimmed.AsSpan().ContainsAny(",;")) return trimmed;
        return "\"" + trimmed.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        var header = response.Headers?.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow;
        // SendGrid's rate-limit headers: the reset time, in Unix seconds.
        if (response.Headers?.TryGetValues("X-RateLimit-Reset", out var values) == true
            && long.TryParse(values.FirstOrDefault(), out var reset))
            return DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
        return null;
    }
}
