using System.Text;
using Monalisa.Domain.SelfFunded;
using Monalisa.Functions.Enrolment;
using static Monalisa.Functions.Email.FrenchText;
using Monalisa.Content;

namespace Monalisa.Functions.Email;

/// <summary>The emails of self-funded trainees: contract, receipts, overdue instalment, withdrawal.</summary>
internal static partial class EmailTemplates
{
    public const string ContractFileName = "contrat-de-formation.html";

    public static string WithdrawalLink(EnrolmentMail m) =>
        m.Site.SitePage(SitePages.Withdrawal(m.Enrolment.Id), SitePages.TokenOnly(m.Enrolment.ActionToken ?? ""));

    public static string InstalmentLink(EnrolmentMail m) =>
        m.Site.SitePage(SitePages.Instalment(m.Enrolment.Id), SitePages.TokenOnly(m.Enrolment.ActionToken ?? ""));

    public static Rendered ContractSigned(EnrolmentMail m, TrainingContract contract, TimeZoneInfo zone)
    {
        var e = m.Enrolment;
        var signedOn = e.SignedOn(zone);
        var body = new MailBody().Heading("Votre contrat de formation")
            .Paragraph($"Bonjour {e.Payer.Name},")
            .Paragraph($"Vous avez accepté le contrat de formation professionnelle pour « {m.Course.Title} » le {DateTime(e.ContractAcceptedAt ?? e.CreatedAt)}. Votre place est réservée. Le contrat est joint à cet e-mail ({ContractFileName}) et reproduit ci-dessous.");
        Session(body, m);
        body.Subheading("Droit de rétractation")
            .Paragraph($"Vous pouvez vous rétracter sans frais ni motif jusqu'au {Date(InstalmentSchedule.WithdrawalEndsOn(signedOn))} inclus (10 jours, article L6353-5 du Code du travail). Rien n'est débité avant.")
            .Button("Me rétracter", WithdrawalLink(m));
        body.Subheading("Échéancier")
            .Table(["Échéance", "Montant", "Date de prélèvement"],
                e.Instalments.Select(i => (IReadOnlyList<string>)[i.Number == 1 && e.Instalments.Count > 1 ? "Premier versement (30 % au plus)" : "Solde", Euros(i.AmountCents), Date(i.DueOn)]),
                ("Total", Euros(e.TotalCents)));
        if (e.CautiousSchedule)
            body.Note("La session commence avant la fin du délai de rétractation : rien n'est débité avant le 11e jour. L'équipe formation vous contacte avant la session.");
        if (e.PaymentMethodId is null)
            body.Paragraph("Si vous n'avez pas encore enregistré votre carte, l'équipe vous enverra un lien de paiement à l'échéance.");
        body.Subheading("Contrat");
        if (contract.Sha256 != e.ContractSha256)
            body.Note("Le texte ci-dessous a été mis à jour depuis votre acceptation ; le texte accepté, dont l'empreinte figure plus bas, fait foi. Demandez-le à l'équipe si besoin.");
        foreach (var section in contract.Sections)
        {
            body.Subheading(section.Heading);
            foreach (var paragraph in section.Paragraphs) body.Paragraph(paragraph);
        }
        body.Facts(("Empreinte SHA-256 du texte accepté", e.ContractSha256), ("Référence de l'inscription", e.Id));
        Contact(body, m);
        return Build(body, $"Contrat de formation — {m.Course.Title}, {m.Session.City}, {Dates(m.Session)}", ForPerson(m));
    }

    /// <summary>The contract exactly as accepted, as a standalone HTML file.</summary>
    public static byte[] ContractAttachment(TrainingContract contract)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>")
            .Append(Http.Html.Encode(contract.Title)).Append("</title></head><body><h1>").Append(Http.Html.Encode(contract.Title)).Append("</h1>");
        foreach (var section in contract.Sections)
        {
            html.Append("<h2>").Append(Http.Html.Encode(section.Heading)).Append("</h2>");
            foreach (var paragraph in section.Paragraphs) html.Append("<p>").Append(Http.Html.Encode(paragraph)).Append("</p>");
        }
        html.Append("<p><small>SHA-256 du texte : ").Append(contract.Sha256).Append("</small></p></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    public static Rendered InstalmentReceipt(EnrolmentMail m)
    {
        var e = m.Enrolment;
        var paid = e.Instalments.Where(i => i.Paid).OrderBy(i => i.Number).ToList();
        var latest = paid.LastOrDefault();
        var body = new MailBody().Heading("Reçu de paiement")
            .Paragraph($"Bonjour {e.Payer.Name},")
            .Paragraph(e.Instalments.All(i => i.Paid)
                ? $"La formation « {m.Course.Title} » est entièrement réglée. Merci."
                : $"Nous avons reçu votre premier versement pour la formation « {m.Course.Title} ». Votre inscription est confirmée ; vous recevez votre convocation par ailleurs.");
        Session(body, m);
        body.Subheading("Reçu")
            .Facts(("Montant réglé", latest is null ? null : Euros(latest.AmountCents)),
                ("Date du paiement", latest?.PaidAt is { } at ? DateTime(at) : null),
                ("Référence du paiement", latest?.PaymentIntentId),
                ("Référence de l'inscription", e.Id))
            .Table(["Échéance", "Montant", "Date", "État"],
                e.Instalments.Select(i => (IReadOnlyList<string>)[i.Number.ToString(French), Euros(i.AmountCents), Date(i.DueOn), i.Paid ? "réglée" : "à venir"]),
                ("Total", Euros(e.TotalCents)));
        Contact(body, m);
        return Build(body, $"Reçu de paiement — {m.Course.Title}, {m.Session.City}", ForPerson(m));
    }

    public static Rendered InstalmentRecovery(EnrolmentMail m)
    {
        var e = m.Enrolment;
        var overdue = e.Instalments.Where(i => !i.Paid && i.FailedAt is not null).OrderBy(i => i.Number).FirstOrDefault();
        var body = new MailBody().Heading("Échéance non réglée")
            .Paragraph($"Bonjour {e.Payer.Name},")
            .Paragraph(overdue?.FailureCode == "authentication_required"
                ? "Votre banque demande de confirmer le paiement de l'échéance de votre formation : il n'a pas pu être débité automatiquement."
                : "Le paiement de l'échéance de votre formation n'a pas pu être débité sur la carte enregistrée.")
            .Facts(("Échéance", overdue?.Number.ToString(French)), ("Montant", overdue is null ? null : Euros(overdue.AmountCents)),
                ("Place gardée jusqu'au", e.GraceExpiresAt is { } until ? DateTime(until) : null), ("Référence de l'inscription", e.Id))
            .Button("Régler l'échéance", InstalmentLink(m))
            .Paragraph("Passé ce délai, la place sera libérée.");
        Session(body, m);
        Contact(body, m);
        return Build(body, $"Échéance non réglée — {m.Course.Title}, {m.Session.City}", ForPerson(m));
    }

    public static Rendered WithdrawalConfirmed(EnrolmentMail m)
    {
        var e = m.Enrolment;
        var body = new MailBody().Heading("Rétractation enregistrée")
            .Paragraph($"Bonjour {e.Payer.Name},")
            .Paragraph($"Votre rétractation du contrat de formation « {m.Course.Title} » est enregistrée{(e.WithdrawnAt is { } at ? $" le {DateTime(at)}" : "")}. Votre place est libérée et aucune somme n'a été ni ne sera débitée.")
            .Facts(("Référence de l'inscription", e.Id));
        Contact(body, m);
        return Build(body, $"Rétractation enregistrée — {m.Course.Title}", ForPerson(m));
    }
}
