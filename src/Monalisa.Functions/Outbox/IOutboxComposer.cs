using Azure.Data.Tables;

namespace Monalisa.Functions.Outbox;

/// <summary>Whether an outbox record still makes an email.</summary>
internal abstract record Composition
{
    public sealed record Ready(EmailMessage Message) : Composition;
    /// <summary>Nothing to send: the record it is about is gone or anonymised, or nobody to send it to.</summary>
    public sealed record Nothing(string Reason) : Composition;
}

/// <summary>
/// Turns an outbox record into an email, or says there is nothing to send. Implemented by the Email feature, which
/// knows the templates and the records emails are about: the outbox itself knows no feature.
/// </summary>
internal interface IOutboxComposer
{
    Task<Composition> ComposeAsync(string table, TableEntity record, CancellationToken cancellationToken);
}
