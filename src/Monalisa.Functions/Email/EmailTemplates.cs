using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.IntraRequests;
using static Monalisa.Functions.Email.FrenchText;
using Monalisa.Domain.Notices;

namespace Monalisa.Functions.Email;

/// <summary>What an enrolment email is about: the enrolment, its course and session from the catalogue, and the links.</summary>
internal sealed record EnrolmentMail(EnrolmentRecord Enrolment, Course Course, CourseSession Session, EmailSettings Settings, EnrolmentOptions Site)
{
    /// <summary>The course's enrolment page for this session: where a failed payment can be tried again.</summary>
    public string EnrolmentPage => Site.SitePage($"formations/{Course.Slug}/inscription/{Session.Id}/");

    /// <summary>Sortable: « 2027-03 Lyon — CCAS de Lyon — 2 stagiaires — 800 € ».</summary>
    public string StaffSubject(string tag) =>
        $"[{tag}] {Session.Start:yyyy-MM} {Session.City} — {OneLine(Enrolment.Payer.Name)} — {Trainees(Enrolment.Trainees.Count)} — {Euros(Enrolment.TotalCents)}";
}

/// <summary>
/// The French texts of every email. Each template writes through <see cref="MailBody"/>, which escapes every value.
/// A trainee's email names only that trainee: the payer's copy is the one that lists everyone.
/// </summary>
internal static partial class EmailTemplates
{
    public sealed record Rendered(string Subject, string Html, string Text);

    private const string Signature = "L'équipe formation MONALISA — Mobilisation nationale contre l'isolement des âgés";

    public static Rendered EnrolmentRegistered(EnrolmentMail m, Trainee? trainee)
    {
        var e = m.Enrolment;
        var body = new MailBody().Heading("Inscription enregistrée");
        if (trainee is null)
        {
            body.Paragraph($"Bonjour {e.Payer.Name},")
                .Paragraph($"Nous avons bien enregistré l'inscription de {Trainees(e.Trainees.Count)} à la formation « {m.Course.Title} ». Les places sont réservées, en attente de règlement.");
            Session(body, m);
            body.Subheading("Stagiaires").List(e.Trainees.Select(FullName));
            Lines(body, e);
            body.Subheading("La suite")
                .List([
                    $"Nous vous adressons la facture du montant total, {Euros(e.TotalCents)}, à cette adresse.",
                    "Le règlement se fait par virement ou mandat administratif, à réception de la facture.",
                    "Dès le règlement ou le bon de commande reçu, l'inscription est confirmée et chaque stagiaire reçoit sa convocation.",
                ])
                .Facts(("Référence de l'inscription", e.Id), ("Bon de commande", e.Payer.PurchaseOrder), ("SIRET", e.Payer.Siret));
        }
        else
        {
            body.Paragraph($"Bonjour {trainee.FirstName},")
                .Paragraph($"Votre inscription à la formation « {m.Course.Title} » a été enregistrée par {e.Payer.Name}. Elle sera confirmée à réception du règlement : vous recevrez alors votre convocation.");
            Session(body, m);
            body.Facts(("Stagiaire", FullName(trainee)), ("Référence de l'inscription", e.Id));
        }
        Contact(body, m);
        return Build(body, $"Inscription enregistrée — {m.Course.Title}, {m.Session.City}, {Dates(m.Session)}", ForPerson(m));
    }

    public static Rendered EnrolmentConfirmed(EnrolmentMail m)
    {
        var e = m.Enrolment;
        var body = new MailBody().Heading("Inscription confirmée")
            .Paragraph($"Bonjour {e.Payer.Name},")
            .Paragraph($"L'inscription de {Trainees(e.Trainees.Count)} à la formation « {m.Course.Title} » est confirmée. Voici votre reçu ; chaque stagiaire reçoit sa convocation par e-mail.");
        Session(body, m);
        body.Subheading("Reçu")
            .Facts(
                ("Montant réglé", Euros(e.PaidAmountCents ?? e.TotalCents)),
                ("Date du paiement", e.PaidAt is { } paid ? DateTime(paid) : null),
                ("Moyen de paiement", PaymentMethod(e.PaymentMethod)),
                ("Référence du paiement", e.PaymentReference),
                ("Référence de l'inscription", e.Id));
        Lines(body, e);
        body.Subheading("Stagiaires").List(e.Trainees.Select(FullName));
        Contact(body, m);
        return Build(body, $"Inscription confirmée — {m.Course.Title}, {m.Session.City}, {Dates(m.Session)}", ForPerson(m));
    }

    public static Rendered Convocation(EnrolmentMail m, Trainee trainee)
    {
        var body = new MailBody().Heading($"Convocation : {m.Course.Title}")
            .Paragraph($"Bonjour {trainee.FirstName},")
            .Paragraph("Votre inscription est confirmée. Nous avons le plaisir de vous convoquer à la formation :")
            .Facts(
                ("Formation", m.Course.Title),
                ("Stagiaire", FullName(trainee)),
                ("Dates", Dates(m.Session)),
                ("Horaires", $"chaque jour de {Hours(m.Course.Schedule)}"),
                ("Durée", $"{m.Course.Duration.Days} jours ({m.Course.Duration.Hours} h)"),
                ("Lieu", m.Session.Venue),
                ("Adresse", m.Session.Address));
        if (m.Session.IsExample) body.Note("Session d'exemple : les dates et le lieu seront confirmés par l'équipe.");
        body.Subheading("À prévoir")
            .List([
                "Cette convocation, imprimée ou sur votre téléphone.",
                "De quoi prendre des notes.",
                "Des exemples tirés de votre territoire : les ateliers partent de l'expérience des participants.",
            ]);
        if (m.Course.Prerequisites.Count > 0) body.Subheading("Rappel des prérequis").List(m.Course.Prerequisites);
        body.Subheading("Accessibilité")
            .Paragraph($"Pour tout besoin d'aménagement (handicap, mobilité, horaires…), écrivez-nous à {m.Settings.Contact} : nous organisons votre accueil avec vous.")
            .Paragraph("Le fichier joint (convocation.ics) ajoute chaque journée à votre agenda.");
        return Build(body, $"Convocation — {m.Course.Title}, {m.Session.City}, {Dates(m.Session)}", ForPerson(m));
    }

    public static Rendered WaitingList(EnrolmentMail m, Trainee? trainee)
    {
        var e = m.Enrolment;
        var body = new MailBody().Heading("Place en liste d'attente");
        if (trainee is null)
        {
            body.Paragraph($"Bonjour {e.Payer.Name},")
                .Paragraph($"La session de {m.Session.City} étant complète, la demande pour {Trainees(e.Trainees.Count)} est inscrite sur sa liste d'attente.");
            Session(body, m);
            body.Subheading("Stagiaires").List(e.Trainees.Select(FullName));
        }
        else
        {
            body.Paragraph($"Bonjour {trainee.FirstName},")
                .Paragraph($"La session de {m.Session.City} étant complète, votre demande est inscrite sur sa liste d'attente (inscription faite par {e.Payer.Name}).");
            Session(body, m);
        }
        body.Paragraph("Aucune place n'est retenue et rien n'est à payer pour l'instant. Si une place se libère, l'équipe vous contacte.")
            .Facts(("Référence de la demande", e.Id));
        Contact(body, m);
        return Build(body, $"Place en liste d'attente — {m.Course.Title}, {m.Session.City}, {Dates(m.Session)}", ForPerson(m));
    }

    public static Rendered PaymentFailedOrExpired(EnrolmentMail m, int seatsLeft, DateOnly today)
    {
        var e = m.Enrolment;
        var reason = e.State == EnrolmentState.PaymentFailed
            ? "le paiement a été refusé"
            : "le délai de paiement est dépassé";
        var body = new MailBody().Heading("Paiement non abouti")
            .Paragraph($"Bonjour {e.Payer.Name},")
            .Paragraph($"Votre inscription à la formation « {m.Course.Title} » n'est pas confirmée : {reason}. Les places ont été libérées et aucun montant n'a été encaissé.");
        Session(body, m);
        if (m.Session.StatusOn(today, seatsLeft) == SessionStatus.Open && seatsLeft >= e.Trainees.Count)
        {
            body.Paragraph(seatsLeft == 1 ? "Il reste 1 place à ce jour." : $"Il reste {seatsLeft} places à ce jour.")
                .Button("Reprendre l'inscription", m.EnrolmentPage);
        }
        else if (m.Session.StatusOn(today, seatsLeft) is SessionStatus.Open or SessionStatus.Full)
        {
            body.Paragraph("Il ne reste plus assez de places sur cette session ; vous pouvez vous inscrire sur sa liste d'attente.")
                .Button("Voir la session", m.EnrolmentPage);
        }
        else
        {
            body.Paragraph("Les inscriptions à cette session sont closes. Les autres sessions sont sur notre site.");
        }
        Contact(body, m);
        return Build(body, $"Paiement non abouti — {m.Course.Title}, {m.Session.City}, {Dates(m.Session)}", ForPerson(m));
    }

    public static Rendered PaidNoSeat(EnrolmentMail m)
    {
        var e = m.Enrolment;
        var body = new MailBody().Heading("Paiement reçu, place à confirmer")
            .Paragraph($"Bonjour {e.Payer.Name},")
            .Paragraph($"Nous avons bien reçu votre paiement de {Euros(e.PaidAmountCents ?? e.TotalCents)}, mais il est arrivé après la fin du délai de réservation et les places ont été attribuées entre-temps.")
            .Paragraph("L'équipe vous contacte sous 48 heures : si une place peut vous être attribuée, vous recevrez la confirmation ; sinon, vous serez remboursé en totalité, sans démarche de votre part.");
        Session(body, m);
        body.Facts(("Référence du paiement", e.PaymentReference), ("Référence de l'inscription", e.Id));
        Contact(body, m);
        return Build(body, $"Paiement reçu, place à confirmer — {m.Course.Title}, {m.Session.City}", ForPerson(m));
    }

    public static Rendered IntraRequestReceived(IntraRequestRecord r, Course course, EmailSettings settings)
    {
        var q = r.Request;
        var body = new MailBody().Heading("Demande intra reçue")
            .Paragraph($"Bonjour {q.ContactName},")
            .Paragraph($"Nous avons bien reçu votre demande de formation « {course.Title} » en intra pour {q.Organisation}. L'équipe vous recontacte pour fixer les dates et les modalités.")
            .Facts(("Formation", course.Title), ("Structure", q.Organisation), ("Participants", q.Participants.ToString(French)),
                ("Périodes souhaitées", q.Periods), ("Lieu envisagé", q.Place), ("Référence de la demande", r.Id))
            .Subheading("Devis indicatif");
        QuoteTable(body, r.Lines, r.TotalCents);
        body.Paragraph("Tarif intra : forfait par jour de formation, quel que soit le nombre de participants.")
            .Paragraph($"Une question ? Écrivez-nous à {settings.Contact}.");
        return Build(body, $"Demande intra reçue — {course.Title} — {OneLine(q.Organisation)}",
            "Vous recevez ce message parce qu'une demande de formation a été faite avec cette adresse. " + Signature);
    }

    // ---- Staff ------------------------------------------------------------------------------------------------

    public static Rendered Staff(EnrolmentMail m, string kind)
    {
        var e = m.Enrolment;
        var (tag, lead) = kind switch
        {
            EmailKind.StaffNewEnrolment => ("Inscription", "Nouvelle inscription."),
            EmailKind.StaffConfirmation => ("Confirmation", "Inscription confirmée : les convocations partent aux stagiaires."),
            EmailKind.StaffWaitingList => ("Liste d'attente", "Nouvelle demande sur liste d'attente (aucune place retenue)."),
            EmailKind.StaffPaymentFailed => ("Paiement échoué", "Le paiement a échoué : les places sont libérées et le payeur est invité à réessayer."),
            EmailKind.StaffPaidNoSeat => ("Payé sans place", "Paiement reçu après l'expiration du délai : les places sont parties. À traiter : confirmer une place, sinon le remboursement part automatiquement après 48 h."),
            EmailKind.StaffAmountMismatch => ("Montant incohérent", "Le montant payé diffère du devis : l'inscription n'est pas confirmée. À vérifier."),
            EmailKind.StaffInstalmentFailed => ("Échéance impayée", "Un prélèvement d'échéance (stagiaire à ses frais) a échoué ou demande une authentification : le stagiaire a reçu un lien de paiement, la place est gardée pendant le délai de régularisation."),
            EmailKind.StaffWithdrawal => ("Rétractation", "Le stagiaire s'est rétracté dans le délai de 10 jours : place libérée, rien n'a été débité."),
            EmailKind.StaffCautiousSchedule => ("Échéancier à régler", "Stagiaire à ses frais dont la session commence avant la fin du délai de rétractation : rien ne sera débité avant le 11e jour. À voir avec le stagiaire avant la session."),
            _ => ("Inscription", "Changement sur une inscription."),
        };
        var body = new MailBody().Heading($"{tag} — {m.Course.Title}").Paragraph(lead);
        if (e.StaffAttention is { Length: > 0 } attention) body.Note(attention);
        body.Facts(
            ("État", StateNames.French(e.State)),
            ("Référence", e.Id),
            ("Session", $"{m.Session.City}, {Dates(m.Session)} ({m.Session.Id})"),
            ("Enregistrée le", DateTime(e.CreatedAt)),
            ("Moyen de paiement", PaymentMethod(e.PaymentMethod)),
            ("Montant du devis", Euros(e.TotalCents)),
            ("Montant payé", e.PaidAmountCents is { } paid ? Euros(paid) : null),
            ("Payé le", e.PaidAt is { } at ? DateTime(at) : null),
            ("Référence du paiement", e.PaymentReference));
        body.Subheading("Payeur").Facts(
            ("Type", PayerKind(e.Payer.Kind)), ("Nom", e.Payer.Name), ("E-mail", e.Payer.Email), ("Adresse", e.Payer.Address),
            ("SIRET", e.Payer.Siret), ("Bon de commande", e.Payer.PurchaseOrder));
        body.Subheading("Stagiaires").Table(
            ["Nom", "E-mail", "Téléphone", "Structure", "Fonction", "Catégorie"],
            e.Trainees.Select(t => (IReadOnlyList<string>)[FullName(t), t.Email, t.Phone ?? "", t.Organisation ?? "", t.JobTitle ?? "", Category(t.Category)]));
        Lines(body, e);
        if (e.AccessibilityNeeds is { Length: > 0 } needs) body.Subheading("Besoins d'accessibilité").Paragraph(needs);
        return Build(body, m.StaffSubject(tag), "Notification automatique du site de formation MONALISA. L'export CSV de la session donne l'état de chaque inscription.");
    }

    public static Rendered StaffIntraRequest(IntraRequestRecord r, Course course)
    {
        var q = r.Request;
        var body = new MailBody().Heading($"Demande intra — {course.Title}")
            .Facts(("Structure", q.Organisation), ("Contact", q.ContactName), ("E-mail", q.Email), ("Téléphone", q.Phone),
                ("Participants", q.Participants.ToString(French)), ("Périodes souhaitées", q.Periods), ("Lieu envisagé", q.Place),
                ("Reçue le", DateTime(r.ReceivedAt)), ("Référence", r.Id));
        if (q.Message is { Length: > 0 } message) body.Subheading("Message").Paragraph(message);
        body.Subheading("Devis donné");
        QuoteTable(body, r.Lines, r.TotalCents);
        var subject = $"[Demande intra] {r.ReceivedAt:yyyy-MM} — {OneLine(q.Organisation)} — {q.Participants} participant{(q.Participants > 1 ? "s" : "")} — {Euros(r.TotalCents)}";
        return Build(body, subject, "Notification automatique du site de formation MONALISA.");
    }

    // ---- Pieces -----------------------------------------------------------------------------------------------

    private static void Session(MailBody body, EnrolmentMail m) => body.Facts(
        ("Formation", m.Course.Title),
        ("Dates", Dates(m.Session)),
        ("Horaires", Hours(m.Course.Schedule)),
        ("Lieu", $"{m.Session.Venue}, {m.Session.Address}"));

    private static void Lines(MailBody body, EnrolmentRecord e) => QuoteTable(body, e.Lines, e.TotalCents);

    private static void QuoteTable(MailBody body, IReadOnlyList<Domain.Tariffs.QuoteLine> lines, long totalCents) => body.Table(
        ["Ligne", "Quantité", "Prix par jour", "Montant"],
        lines.Select(l => (IReadOnlyList<string>)[l.Label, l.Quantity.ToString(French), Euros(l.UnitPricePerDay), Euros(l.Amount)]),
        ("Total TTC", Euros(totalCents)));

    private static void Contact(MailBody body, EnrolmentMail m) =>
        body.Paragraph($"Une question, un besoin d'aménagement ? Écrivez-nous à {m.Settings.Contact}.");

    private static string ForPerson(EnrolmentMail m) =>
        $"Vous recevez ce message à propos de l'inscription {m.Enrolment.Id}. {Signature}";

    private static Rendered Build(MailBody body, string subject, string footer)
    {
        var (html, text) = body.Build(subject, footer);
        return new Rendered(OneLine(subject, 200), html, text);
    }
}
