namespace Monalisa.Functions.Outbox;

/// <summary>An email ready to go: one per outbox record. <see cref="OutboxId"/> travels with it (SendGrid custom_args, .eml header).</summary>
internal sealed record EmailMessage(
    string OutboxId,
    string Kind,
    IReadOnlyList<EmailAddress> To,
    string Subject,
    string Html,
    string Text,
    IReadOnlyList<EmailAttachment> Attachments);

internal sealed record EmailAddress(string Address, string? Name = null);

internal sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>What the provider said.</summary>
internal abstract record SendResult
{
    public sealed record Accepted(string? ProviderMessageId) : SendResult;
    /// <summary>Worth trying again later (429, 5xx, network): not before <see cref="RetryAfter"/> if the provider said so.</summary>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter) : SendResult;
    /// <summary>Trying again would fail the same way (400: a malformed address…).</summary>
    public sealed record Permanent(string Reason) : SendResult;
}

/// <summary>Hands an email to a provider: SendGrid in Azure, .eml files in the local host without a key.</summary>
internal interface IEmailSender
{
    /// <summary>Sends once; never retries by itself (the outbox decides when to try again).</summary>
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
