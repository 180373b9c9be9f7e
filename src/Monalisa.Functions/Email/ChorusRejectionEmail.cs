using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Notices;
using Monalisa.Functions.ChorusPro;
using Monalisa.Functions.Identity;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Email;

/// <summary>
/// The staff alert about a public buyer's invoice that Chorus Pro rejected or suspended, or that could not be
/// deposited: its number, Chorus Pro's status and reason, read from the <c>chorus|</c> row when the email is sent.
/// </summary>
internal sealed class ChorusRejectionEmail(ChorusStatusReader reader, EmailSettings settings, ConsoleLinks consoleLinks)
{
    public async Task<Composition> ComposeAsync(string outboxId, string kind, RecipientRole role, string number, CancellationToken cancellationToken)
    {
        if (kind != EmailKind.StaffChorusRejected || role != RecipientRole.Staff) return new Composition.Nothing("no template for this kind and role");
        if (await reader.GetAsync(number, cancellationToken) is not { } deposit) return new Composition.Nothing("Chorus Pro row not found");
        var to = settings.StaffRecipients.Select(a => new EmailAddress(a)).ToList();
        if (to.Count == 0) return new Composition.Nothing("no recipient");
        var rendered = MailRenderer.Render(EmailKind.StaffChorusRejected, new Dictionary<string, object?>
        {
            ["number"] = deposit.Number,
            ["rejected"] = deposit.Status == ChorusStatus.Rejected,
            ["chorus_state"] = deposit.ChorusState ?? "",
            ["chorus_id"] = deposit.ChorusInvoiceId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["reason"] = deposit.Reason ?? "",
            ["updated_at"] = deposit.UpdatedAt,
            ["invoices_url"] = consoleLinks.Invoices(),
        });
        return new Composition.Ready(new EmailMessage(outboxId, kind, to, rendered.Subject, rendered.Html, rendered.Text, []));
    }
}
