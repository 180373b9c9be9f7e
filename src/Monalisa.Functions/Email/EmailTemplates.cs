using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.IntraRequests;
using static Monalisa.Functions.Email.FrenchText;
using Monalisa.Domain.Notices;

namespace Monalisa.Functions.Email;

/// <summary>What an enrolment email is about: the enrolment, its course and session from the catalogue, and the links.</summary>
internal sealed record EnrolmentMail(EnrolmentRecord Enrolment, Course Course, CourseSession Session, EmailSettings Settings, EnrolmentOptions Site, string ActionToken = "")
{
    /// <summary>The course's enrolment page for this session: where a failed payment can be tried again.</summary>
    public string EnrolmentPage => Site.SitePage(SitePages.Enrol(Course.Slug, Session.Id));
}

/// <summary>
/// The data of every email; the words are in site/theme/emails/{kind}.md, rendered by <see cref="MailRenderer"/>,
/// which escapes every value in the HTML part. A trainee's email names only that trainee: the payer's copy lists everyone.
/// </summary>
internal static class EmailTemplates
{
    public sealed record Rendered(string Subject, string Html, string Text);

    public const string ContractFileName = "contrat-de-formation.html";

    private const string Signature = "L'équipe formation MONALISA — Mobilisation nationale contre l'isolement des âgés";

    /// <summary>The signature, for the emails composed beside this class (invoices and credit notes).</summary>
    public const string SignatureText = Signature;

    /// <summary>A trainee as the templates show one: labels in French, missing values empty.</summary>
    private sealed record TraineeView(string Name, string Email, string Phone, string Organisation, string JobTitle, string Category);

    public static string WithdrawalLink(EnrolmentMail m) =>
        m.Site.SitePage(SitePages.Withdrawal(m.Enrolment.Id), SitePages.TokenOnly(m.ActionToken));

    public static string InstalmentLink(EnrolmentMail m) =>
        m.Site.SitePage(SitePages.Instalment(m.Enrolment.Id), SitePages.TokenOnly(m.ActionToken));

    /// <summary>To the payer only: before confirmation a trainee's address gets nothing (see NoticePlan.ForNewEnrolment).</summary>
    public static Rendered EnrolmentRegistered(EnrolmentMail m) => Render(EmailKind.EnrolmentRegistered, m);

    public static Rendered EnrolmentConfirmed(EnrolmentMail m) => Render(EmailKind.EnrolmentConfirmed, m);

    public static Rendered Convocation(EnrolmentMail m, Trainee trainee, string? attendanceUrl = null) =>
        Render(EmailKind.Convocation, m, trainee, extra: new() { ["attendance_url"] = attendanceUrl });

    /// <summary>What is true when it is sent: the session is full, or has fewer places than asked, or still has enough.</summary>
    public static Rendered WaitingList(EnrolmentMail m, int seatsLeft) => Render(EmailKind.WaitingList, m, extra: new()
    {
        ["seats_left"] = Math.Max(seatsLeft, 0),
        ["situation"] = seatsLeft <= 0 ? "full" : seatsLeft < m.Enrolment.Trainees.Count ? "too-few" : "open",
    });

    /// <summary>The Stripe Checkout page still open: Stripe's own address, which carries no token of ours.</summary>
    public static Rendered ResumePayment(EnrolmentMail m) => Render(EmailKind.ResumePayment, m, extra: new() { ["checkout_url"] = m.Enrolment.CheckoutUrl });

    /// <summary>To a trainee on file (named by nobody: the name on file was typed by whoever enrolled them), or to the payer on file.</summary>
    public static Rendered DuplicateRequest(EnrolmentMail m, bool toPayer) => Render(EmailKind.DuplicateRequest, m, extra: new() { ["to_payer"] = toPayer });

    public static Rendered PaymentFailedOrExpired(EnrolmentMail m, int seatsLeft, DateOnly today, EnrolmentDeadline deadline)
    {
        var status = m.Session.StatusOn(today, seatsLeft, deadline);
        var offer = status == SessionStatus.Open && seatsLeft >= m.Enrolment.Trainees.Count ? "retry"
            : status is SessionStatus.Open or SessionStatus.Full ? "waiting-list"
            : "closed";
        return Render(EmailKind.PaymentFailedOrExpired, m, extra: new()
        {
            ["refused"] = m.Enrolment.State == EnrolmentState.PaymentFailed,
            ["offer"] = offer,
            ["seats_left"] = seatsLeft,
        });
    }

    public static Rendered PaidNoSeat(EnrolmentMail m) => Render(EmailKind.PaidNoSeat, m);

    /// <summary>To staff; <paramref name="consoleUrl"/>: the enrolment's page in the staff console.</summary>
    public static Rendered Staff(EnrolmentMail m, string kind, string? consoleUrl = null) => Render("staff", m, extra: new() { ["kind"] = kind, ["console_url"] = consoleUrl });

    public static Rendered ContractSigned(EnrolmentMail m, TrainingContract contract, TimeZoneInfo zone) =>
        Render(EmailKind.ContractSigned, m, extra: new()
        {
            ["contract"] = contract,
            ["contract_changed"] = contract.Sha256 != m.Enrolment.ContractSha256,
            ["contract_file"] = ContractFileName,
            ["accepted_at"] = m.Enrolment.ContractAcceptedAt ?? m.Enrolment.CreatedAt,
            ["withdrawal_ends"] = InstalmentSchedule.WithdrawalEndsOn(m.Enrolment.SignedOn(zone)),
            ["withdrawal_url"] = WithdrawalLink(m),
        });

    /// <summary>The contract exactly as accepted, as a standalone HTML file.</summary>
    public static byte[] ContractAttachment(TrainingContract contract) =>
        System.Text.Encoding.UTF8.GetBytes(MailRenderer.Page("_contrat-document.liquid", new Dictionary<string, object?> { ["contract"] = contract }));

    public static Rendered InstalmentReceipt(EnrolmentMail m) => Render(EmailKind.InstalmentReceipt, m, extra: new()
    {
        ["all_paid"] = m.Enrolment.Instalments.All(i => i.Paid),
        ["latest"] = m.Enrolment.Instalments.Where(i => i.Paid).OrderBy(i => i.Number).LastOrDefault(),
    });

    public static Rendered InstalmentRecovery(EnrolmentMail m)
    {
        var overdue = m.Enrolment.Instalments.Where(i => !i.Paid && i.FailedAt is not null).OrderBy(i => i.Number).FirstOrDefault();
        return Render(EmailKind.InstalmentRecovery, m, extra: new()
        {
            ["overdue"] = overdue,
            ["authentication_required"] = overdue?.FailureCode == "authentication_required",
            ["instalment_url"] = InstalmentLink(m),
        });
    }

    public static Rendered WithdrawalConfirmed(EnrolmentMail m) => Render(EmailKind.WithdrawalConfirmed, m);

    public static Rendered IntraRequestReceived(IntraRequestRecord r, Course course, EmailSettings settings) =>
        MailRenderer.Render(EmailKind.IntraRequestReceived, IntraModel(r, course, settings));

    public static Rendered StaffIntraRequest(IntraRequestRecord r, Course course) =>
        MailRenderer.Render(EmailKind.StaffIntraRequest, IntraModel(r, course, null));

    /// <summary>The receipt of the latest payment staff recorded for an invoice.</summary>
    public static Rendered PaymentReceipt(EnrolmentMail m)
    {
        var payment = m.Enrolment.Payments.OrderBy(p => p.RecordedAt).LastOrDefault();
        return Render(EmailKind.PaymentReceipt, m, extra: new() { ["payment"] = payment, ["method"] = InvoicePaymentMethod(payment?.Method) });
    }

    /// <summary>To the payer: the whole enrolment cancelled, or the trainee at <paramref name="cancelledIndex"/> of CancelledTrainees.</summary>
    public static Rendered EnrolmentCancelled(EnrolmentMail m, int? cancelledIndex)
    {
        var cancelled = cancelledIndex is { } i && i >= 0 && i < m.Enrolment.CancelledTrainees.Count ? m.Enrolment.CancelledTrainees[i] : null;
        return Render(EmailKind.EnrolmentCancelled, m, extra: CancellationModel(cancelled?.Cancellation ?? m.Enrolment.Cancellation, calendar: false, cancelled?.Trainee));
    }

    /// <summary>To a trainee whose place is cancelled; the withdrawal of their calendar entry is attached.</summary>
    public static Rendered TraineeCancelled(EnrolmentMail m, Trainee trainee, CancellationEntry? cancellation) =>
        Render(EmailKind.TraineeCancelled, m, trainee, CancellationModel(cancellation, calendar: true, null));

    /// <summary>To a trainee replaced by another person: their place is cancelled, the withdrawal of their calendar entry attached.</summary>
    public static Rendered TraineeReplacedOut(EnrolmentMail m, Trainee trainee)
    {
        var model = CancellationModel(null, calendar: true, null);
        model["replaced"] = true;
        return Render(EmailKind.TraineeCancelled, m, trainee, model);
    }

    /// <summary>To the payer: who left, who came (same place, same price).</summary>
    public static Rendered TraineeReplaced(EnrolmentMail m, ReplacedTrainee? replaced) =>
        Render(EmailKind.TraineeReplaced, m, extra: new()
        {
            ["replaced"] = replaced?.Trainee,
            ["replacement"] = replaced is null ? null : m.Enrolment.Trainees.ElementAtOrDefault(replaced.Index),
            ["convened"] = replaced?.HadConvocation == true,
        });

    /// <summary>To the payer: a trainee's volunteer declaration refused, the new total and what remains to pay.</summary>
    public static Rendered VolunteerRepriced(EnrolmentMail m)
    {
        var money = EnrolmentMoney.Of(m.Enrolment);
        return Render(EmailKind.VolunteerRepriced, m, extra: new()
        {
            ["repriced"] = m.Enrolment.Trainees.Where(t => t.VolunteerDeclaration is not null && t.Category == TraineeCategory.Professional).ToList(),
            ["remaining_cents"] = Math.Max(0, m.Enrolment.TotalCents - m.Enrolment.WaivedCents - money.PaidCents - money.RefundedCents),
        });
    }

    private static Dictionary<string, object?> CancellationModel(CancellationEntry? cancellation, bool calendar, Trainee? cancelledTrainee) => new()
    {
        ["cancellation"] = cancellation,
        ["cancelled_trainee"] = cancelledTrainee,
        ["organisme"] = cancellation?.Reason == CancellationReason.Organisme,
        ["stays_due"] = cancellation is { WaivedCents: 0, RefundCents: 0, ShareCents: > 0 },
        ["calendar"] = calendar,
    };

    private static string InvoicePaymentMethod(string? method) => method switch
    {
        InvoicePaymentMethods.Transfer => "virement",
        InvoicePaymentMethods.Cheque => "chèque",
        InvoicePaymentMethods.PublicMandate => "mandat administratif",
        InvoicePaymentMethods.Card => "carte bancaire",
        InvoicePaymentMethods.Cash => "espèces",
        _ => method ?? "",
    };

    private static Rendered Render(string template, EnrolmentMail m, Trainee? trainee = null, Dictionary<string, object?>? extra = null)
    {
        var e = m.Enrolment;
        var model = new Dictionary<string, object?>
        {
            ["enrolment"] = e,
            ["course"] = m.Course,
            ["session"] = m.Session,
            ["trainee"] = trainee,
            ["trainees"] = e.Trainees.Select(t => new TraineeView(FullName(t), t.Email, t.Phone ?? "", t.Organisation ?? "", t.JobTitle ?? "", Category(t.Category))).ToList(),
            ["lines"] = e.Lines,
            ["total_cents"] = e.TotalCents,
            ["instalments"] = e.Instalments,
            ["payment_method"] = PaymentMethod(e.PaymentMethod),
            ["payer_kind"] = PayerKind(e.Payer.Kind),
            ["payer_one_line"] = OneLine(e.Payer.Name),
            // The only typed text a payer's email quotes back: their own name, made safe.
            ["payer_name"] = SafeName.Of(e.Payer.Name),
            ["state"] = StateNames.French(e.State),
            ["month"] = m.Session.Start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            ["enrol_url"] = m.EnrolmentPage,
            ["contact"] = m.Settings.Contact,
            ["signature"] = Signature,
            // Where the money stands: « Montant réglé » is said only of money received.
            ["money"] = EnrolmentMoney.Of(e),
            // An organisation's convention de formation (D6353-1): its page, to read and accept it, while not yet accepted.
            ["convention_url"] = ConventionLink(m),
        };
        foreach (var (key, value) in extra ?? []) model[key] = value;
        return MailRenderer.Render(template, model);
    }

    private static Dictionary<string, object?> IntraModel(IntraRequestRecord r, Course course, EmailSettings? settings) => new()
    {
        ["id"] = r.Id,
        ["request"] = r.Request,
        ["course"] = course,
        ["lines"] = r.Lines,
        ["total_cents"] = r.TotalCents,
        ["received_at"] = r.ReceivedAt,
        ["month"] = r.ReceivedAt.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        ["organisation_one_line"] = OneLine(r.Request.Organisation),
        ["contact_name"] = SafeName.Of(r.Request.ContactName),
        ["contact"] = settings?.Contact,
        ["signature"] = Signature,
    };

    /// <summary>The page of a waiting-list offer (shows it; its buttons confirm or decline).</summary>
    public static string OfferLink(EnrolmentMail m) =>
        m.Site.SitePage($"api/enrolments/{Uri.EscapeDataString(m.Enrolment.Id)}/offer", SitePages.TokenOnly(m.ActionToken));

    /// <summary>The « je ne suis plus intéressé·e » page of an offer (a GET shows it; only its button declines).</summary>
    public static string OfferDeclineLink(EnrolmentMail m) =>
        m.Site.SitePage($"api/enrolments/{Uri.EscapeDataString(m.Enrolment.Id)}/offer/decline", SitePages.TokenOnly(m.ActionToken));

    public static Rendered WaitingListOffer(EnrolmentMail m) => Render(EmailKind.WaitingListOffer, m, extra: new()
    {
        ["offer_url"] = OfferLink(m),
        ["decline_url"] = OfferDeclineLink(m),
    });

    public static Rendered WaitingListOfferLapsed(EnrolmentMail m) => Render(EmailKind.WaitingListOfferLapsed, m);

    /// <summary>The organisation's convention page (read, accept, PDF), or null: not an organisation, or already accepted.</summary>
    public static string? ConventionLink(EnrolmentMail m) =>
        Monalisa.Domain.Conventions.ConventionDecisions.HasConvention(m.Enrolment) && m.Enrolment.ConventionAcceptance is null && m.ActionToken.Length > 0
            ? m.Site.SitePage(Conventions.ConventionLinks.PayerPath(m.Enrolment.Id), SitePages.TokenOnly(m.ActionToken))
            : null;
}
