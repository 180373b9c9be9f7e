using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Certificates;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Text;
using Monalisa.Functions.Certificates;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Email;

/// <summary>
/// The emails of the Certificates table's outbox rows: a trainee's documents (certificat de réalisation, attestation),
/// their PDFs attached as issued, to the trainee, or as a copy to the paying organisation. Addresses are read now from
/// the enrolment, so an anonymised enrolment sends nothing.
/// </summary>
internal sealed class CertificateEmails(CertificateStore store, EnrolmentStore enrolments, TraineeLocks locks, CourseCatalogue catalogue, EmailSettings settings)
{
    public async Task<Composition> ComposeAsync(string outboxId, string kind, RecipientRole role, string sessionId, string documentRows, CancellationToken cancellationToken)
    {
        if (kind != EmailKind.Certificates || role is not (RecipientRole.Trainee or RecipientRole.Payer)) return new Composition.Nothing("no template for this kind and role");
        var documents = new List<(IssuedCertificate Issued, byte[] Pdf)>();
        foreach (var rowKey in documentRows.Split(';', StringSplitOptions.RemoveEmptyEntries))
            if (await store.GetAsync(sessionId, rowKey, cancellationToken) is { } found) documents.Add(found);
        if (documents.Count == 0) return new Composition.Nothing("documents not found");
        var first = documents[0].Issued;
        if (await enrolments.GetAsync(first.EnrolmentId, cancellationToken) is not { } enrolment) return new Composition.Nothing("enrolment not found");
        if (enrolment.AnonymisedAt is not null) return new Composition.Nothing("enrolment anonymised");
        if (enrolment.Trainees.FirstOrDefault(t => locks.TraineeKey(t.Email) == first.TraineeKey) is not { } trainee) return new Composition.Nothing("trainee not found");
        var found2 = catalogue.FindSession(sessionId);
        var toPayer = role == RecipientRole.Payer;
        // A correction of the hours: an earlier document of the same kind went to this trainee before.
        var earlier = (await store.IssuedAsync(sessionId, cancellationToken)).Where(c => c.EnrolmentId == first.EnrolmentId && c.TraineeKey == first.TraineeKey
            && documents.Any(d => d.Issued.Kind == c.Kind && c.Version < d.Issued.Version)).MaxBy(c => c.IssuedAt);
        if (toPayer && enrolment.Payer.Kind != PayerKind.Organisation) return new Composition.Nothing("no copy for an individual payer");
        var rendered = MailRenderer.Render(kind, new Dictionary<string, object?>
        {
            ["to_payer"] = toPayer,
            ["payer_name"] = SafeName.Of(enrolment.Payer.Name),
            ["trainee_name"] = FrenchText.FullName(trainee),
            ["course"] = found2?.Course,
            ["session"] = found2?.Session,
            ["realisation"] = documents.Any(d => d.Issued.Kind == CertificateKind.Realisation),
            ["attestation"] = documents.Any(d => d.Issued.Kind == CertificateKind.Attestation),
            ["hours_attended"] = FrenchFormat.Duration(first.Minutes),
            ["replaces"] = earlier is { } e ? CertificateContent.DayOf(e.IssuedAt) : null,
            ["enrolment"] = enrolment,
            ["contact"] = settings.Contact,
            ["signature"] = EmailTemplates.SignatureText,
        });
        var to = toPayer ? new EmailAddress(enrolment.Payer.Email, SafeName.Of(enrolment.Payer.Name)) : new EmailAddress(trainee.Email, FrenchText.FullName(trainee));
        return new Composition.Ready(new EmailMessage(outboxId, kind, [to], rendered.Subject, rendered.Html, rendered.Text,
            [.. documents.Select(d => new EmailAttachment(CertificateKinds.FileName(d.Issued.Kind, d.Issued.Version), "application/pdf", d.Pdf))]));
    }
}
