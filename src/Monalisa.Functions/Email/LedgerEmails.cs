using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Invoicing;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Email;

/// <summary>
/// The emails of the Ledger table's outbox rows (subject <c>doc|{number}</c>): an invoice or a credit note to the payer,
/// its PDF attached as issued, with its tokenised download link. The payer's address is read now from the enrolment,
/// so an anonymised enrolment sends nothing.
/// </summary>
internal sealed class LedgerEmails(ILedgerDocuments ledger, EnrolmentStore enrolments, CourseCatalogue catalogue, InvoiceLinks links, EmailSettings settings)
{
    public async Task<Composition> ComposeAsync(string outboxId, string kind, RecipientRole role, string number, CancellationToken cancellationToken)
    {
        if (kind is not (EmailKind.Invoice or EmailKind.CreditNote) || role != RecipientRole.Payer) return new Composition.Nothing("no template for this kind and role");
        if (await ledger.GetAsync(number, cancellationToken) is not { } issued) return new Composition.Nothing("document not found");
        var document = issued.Document;
        if (await enrolments.GetAsync(document.EnrolmentId, cancellationToken) is not { } enrolment) return new Composition.Nothing("enrolment not found");
        if (enrolment.AnonymisedAt is not null) return new Composition.Nothing("enrolment anonymised");
        var found = catalogue.FindSession(enrolment.SessionId);
        var rendered = MailRenderer.Render(kind, new Dictionary<string, object?>
        {
            ["document"] = document,
            ["enrolment"] = enrolment,
            ["course"] = found?.Course,
            ["session"] = found?.Session,
            ["payer_name"] = SafeName.Of(enrolment.Payer.Name),
            ["download_url"] = links.DownloadUrl(document.Number),
            ["file_name"] = InvoicePaths.FileName(document.Number),
            ["paid"] = document.Totals.DueCents <= 0,
            ["contact"] = settings.Contact,
            ["signature"] = EmailTemplates.SignatureText,
        });
        return new Composition.Ready(new EmailMessage(outboxId, kind, [new(enrolment.Payer.Email, SafeName.Of(enrolment.Payer.Name))],
            rendered.Subject, rendered.Html, rendered.Text, [new EmailAttachment(InvoicePaths.FileName(document.Number), "application/pdf", issued.Pdf)]));
    }
}
