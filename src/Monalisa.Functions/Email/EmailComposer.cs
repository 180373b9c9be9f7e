using Azure.Data.Tables;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.IntraRequests;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Email;

/// <summary>
/// Turns an outbox record into an email: reads the enrolment or intra request it is about (addresses are read now, so
/// an anonymised record sends nothing), the course and session from the catalogue, and picks the template.
/// </summary>
internal sealed class EmailComposer(
    EnrolmentStore enrolments,
    IntraRequestStore intraRequests,
    CalendarSequences sequences,
    CourseCatalogue catalogue,
    EmailSettings settings,
    EnrolmentOptions site,
    Monalisa.Domain.SelfFunded.ContractParties contractParties,
    TrainingContact trainingContact,
    ActionTokens actionTokens,
    TimeProvider clock,
    Identity.ConsoleLinks consoleLinks,
    LedgerEmails ledgerEmails,
    ChorusRejectionEmail chorusRejections,
    TraineeLinks traineeLinks,
    TraineeLocks traineeLocks,
    CertificateEmails certificateEmails,
    SurveyEmails surveyEmails) : IOutboxComposer
{
    public async Task<Composition> ComposeAsync(string table, TableEntity record, CancellationToken cancellationToken)
    {
        var kind = record.GetString(OutboxRecord.Kind) ?? "";
        var subject = record.GetString(OutboxRecord.Subject) ?? "";
        if (!Enum.TryParse<RecipientRole>(record.GetString(OutboxRecord.Role), out var role))
            return new Composition.Nothing("unknown role");
        var outboxId = OutboxRecord.IdOf(record.RowKey);

        return table switch
        {
            TableNames.Enrolments when subject.StartsWith(Keys.EnrolmentPrefix, StringComparison.Ordinal) =>
                await ForEnrolmentAsync(outboxId, kind, role, record.GetInt32(OutboxRecord.TraineeIndex), subject[Keys.EnrolmentPrefix.Length..], cancellationToken),
            TableNames.IntraRequests when subject.StartsWith(IntraRequestRecord.Prefix, StringComparison.Ordinal) =>
                await ForIntraRequestAsync(outboxId, kind, role, subject[IntraRequestRecord.Prefix.Length..], cancellationToken),
            TableNames.Ledger when subject.StartsWith(LedgerKeys.DocumentPrefix, StringComparison.Ordinal) =>
                await ledgerEmails.ComposeAsync(outboxId, kind, role, subject[LedgerKeys.DocumentPrefix.Length..], cancellationToken),
            TableNames.Ledger when subject.StartsWith(LedgerKeys.ChorusPrefix, StringComparison.Ordinal) =>
                await chorusRejections.ComposeAsync(outboxId, kind, role, subject[LedgerKeys.ChorusPrefix.Length..], cancellationToken),
            TableNames.Certificates when subject.StartsWith(Certificates.CertificateRows.CertificatePrefix, StringComparison.Ordinal) =>
                await certificateEmails.ComposeAsync(outboxId, kind, role, record.PartitionKey, record.GetString(Certificates.CertificateRows.Documents) ?? subject, cancellationToken),
            TableNames.Surveys when subject.StartsWith(Keys.EnrolmentPrefix, StringComparison.Ordinal) =>
                await surveyEmails.ComposeAsync(outboxId, kind, role, record.GetInt32(OutboxRecord.TraineeIndex), record.PartitionKey,
                    record.GetString(Surveys.SurveyStore.Survey), subject[Keys.EnrolmentPrefix.Length..], cancellationToken),
            _ => new Composition.Nothing("unknown subject"),
        };
    }

    private async Task<Composition> ForEnrolmentAsync(string outboxId, string kind, RecipientRole role, int? traineeIndex, string enrolmentId, CancellationToken cancellationToken)
    {
        if (await enrolments.GetAsync(enrolmentId, cancellationToken) is not { } enrolment) return new Composition.Nothing("enrolment not found");
        if (enrolment.AnonymisedAt is not null) return new Composition.Nothing("enrolment anonymised");
        if (catalogue.FindSession(enrolment.SessionId) is not { } found) return new Composition.Nothing("session no longer in the catalogue");
        var mail = new EnrolmentMail(enrolment, found.Course, found.Session, settings, site, actionTokens.For(enrolment));

        if (kind == EmailKind.ResumePayment)
        {
            // Paid, released or expired meanwhile: nothing to resume, so nothing to say.
            if (await ResumableAsync(enrolment, cancellationToken) is not { } resumable) return new Composition.Nothing("no payment to resume");
            mail = mail with { Enrolment = resumable };
        }

        var trainee = TraineeOf(enrolment, role, traineeIndex) ?? CancelledTraineeOf(enrolment, role, traineeIndex)?.Trainee;
        trainee ??= ReplacedTraineeOf(enrolment, role, traineeIndex)?.Trainee;
        var to = Recipients(enrolment, role, trainee);
        if (to.Count == 0) return new Composition.Nothing("no recipient");

        var rendered = CancellationEmail(kind, role, mail, trainee, traineeIndex) ?? await RenderAsync(kind, role, mail, trainee, found.Course, found.Session, cancellationToken);
        if (rendered is null) return new Composition.Nothing("no template for this kind and role");

        var attachments = await AttachmentsAsync(kind, enrolment, trainee, found.Course, found.Session, cancellationToken);
        if (kind == EmailKind.TraineeCancelled && trainee is not null)
            attachments.Add(await CancelledCalendarAsync(trainee, found.Course, found.Session, cancellationToken));
        return new Composition.Ready(new EmailMessage(outboxId, kind, to, rendered.Subject, rendered.Html, rendered.Text, attachments));
    }

    /// <summary>The trainee an email to one trainee is about; none for other roles or an index the enrolment no longer has.</summary>
    private static Trainee? TraineeOf(EnrolmentRecord enrolment, RecipientRole role, int? traineeIndex) =>
        role == RecipientRole.Trainee && traineeIndex is { } i && i >= 0 && i < enrolment.Trainees.Count ? enrolment.Trainees[i] : null;

    private List<EmailAddress> Recipients(EnrolmentRecord enrolment, RecipientRole role, Trainee? trainee) => role switch
    {
        RecipientRole.Payer => [new(enrolment.Payer.Email, SafeName.Of(enrolment.Payer.Name))],
        RecipientRole.Trainee when trainee is not null => [new(trainee.Email, FrenchText.FullName(trainee))],
        RecipientRole.Staff => [.. settings.StaffRecipients.Select(a => new EmailAddress(a))],
        RecipientRole.CancelledTrainee when trainee is not null => [new(trainee.Email, FrenchText.FullName(trainee))],
        RecipientRole.ReplacedTrainee when trainee is not null => [new(trainee.Email, FrenchText.FullName(trainee))],
        _ => [],
    };

    /// <summary>A trainee cancelled out of an enrolment whose others kept their places (index into CancelledTrainees).</summary>
    private static CancelledTrainee? CancelledTraineeOf(EnrolmentRecord enrolment, RecipientRole role, int? index) =>
        role == RecipientRole.CancelledTrainee && index is { } i && i >= 0 && i < enrolment.CancelledTrainees.Count ? enrolment.CancelledTrainees[i] : null;

    /// <summary>A trainee whose place went to another person (index into ReplacedTrainees).</summary>
    private static ReplacedTrainee? ReplacedTraineeOf(EnrolmentRecord enrolment, RecipientRole role, int? index) =>
        role == RecipientRole.ReplacedTrainee && index is { } i && i >= 0 && i < enrolment.ReplacedTrainees.Count ? enrolment.ReplacedTrainees[i] : null;

    /// <summary>The staff console's money and cancellation emails (a payer's notice carries the cancelled trainee's index).</summary>
    private static EmailTemplates.Rendered? CancellationEmail(string kind, RecipientRole role, EnrolmentMail mail, Trainee? trainee, int? traineeIndex) => (kind, role) switch
    {
        (EmailKind.PaymentReceipt, RecipientRole.Payer) => EmailTemplates.PaymentReceipt(mail),
        (EmailKind.VolunteerRepriced, RecipientRole.Payer) => EmailTemplates.VolunteerRepriced(mail),
        (EmailKind.EnrolmentCancelled, RecipientRole.Payer) => EmailTemplates.EnrolmentCancelled(mail, traineeIndex),
        (EmailKind.TraineeCancelled, RecipientRole.Trainee) when trainee is not null => EmailTemplates.TraineeCancelled(mail, trainee, mail.Enrolment.Cancellation),
        (EmailKind.TraineeCancelled, RecipientRole.CancelledTrainee) when trainee is not null =>
            EmailTemplates.TraineeCancelled(mail, trainee, CancelledTraineeOf(mail.Enrolment, role, traineeIndex)?.Cancellation),
        (EmailKind.TraineeCancelled, RecipientRole.ReplacedTrainee) when trainee is not null => EmailTemplates.TraineeReplacedOut(mail, trainee),
        (EmailKind.TraineeReplaced, RecipientRole.Payer) => EmailTemplates.TraineeReplaced(mail, ReplacedTraineeOf(mail.Enrolment, RecipientRole.ReplacedTrainee, traineeIndex)),
        _ => null,
    };

    /// <summary>The withdrawal of a trainee's convocation events: same UIDs, a higher SEQUENCE, METHOD:CANCEL.</summary>
    private async Task<EmailAttachment> CancelledCalendarAsync(Trainee trainee, Course course, CourseSession session, CancellationToken cancellationToken)
    {
        var sequence = await sequences.CurrentAsync(course, session, cancellationToken);
        return new EmailAttachment(ConvocationCalendar.CancelFileName, ConvocationCalendar.CancelContentType,
            ConvocationCalendar.BuildCancel(course, session, trainee.Email, sequence + 1, trainingContact, settings.Contact, clock.GetUtcNow()));
    }

    /// <summary>The template for this kind and role, or null when there is none.</summary>
    private async Task<EmailTemplates.Rendered?> RenderAsync(string kind, RecipientRole role, EnrolmentMail mail, Trainee? trainee,
        Course course, CourseSession session, CancellationToken cancellationToken) => (kind, role) switch
    {
        // Before confirmation, a trainee gets no email of these kinds, even from a record written before this rule.
        (EmailKind.EnrolmentRegistered, RecipientRole.Payer) => EmailTemplates.EnrolmentRegistered(mail),
        (EmailKind.EnrolmentConfirmed, RecipientRole.Payer) => EmailTemplates.EnrolmentConfirmed(mail),
        (EmailKind.Convocation, RecipientRole.Trainee) => EmailTemplates.Convocation(mail, trainee!,
            // The trainee's personal attendance link (émargement), signed on the day with the room's code.
            Attendance.AttendanceLinks.Url(traineeLinks, site, session.Id, traineeLocks.TraineeKey(trainee!.Email))),
        (EmailKind.WaitingList, RecipientRole.Payer) => EmailTemplates.WaitingList(mail,
            session.Capacity - await enrolments.SeatsTakenAsync(session.Id, cancellationToken)),
        (EmailKind.ResumePayment, RecipientRole.Payer) => EmailTemplates.ResumePayment(mail),
        (EmailKind.DuplicateRequest, RecipientRole.Payer) => EmailTemplates.DuplicateRequest(mail, toPayer: true),
        (EmailKind.DuplicateRequest, RecipientRole.Trainee) when trainee is not null => EmailTemplates.DuplicateRequest(mail, toPayer: false),
        (EmailKind.PaymentFailedOrExpired, RecipientRole.Payer) => EmailTemplates.PaymentFailedOrExpired(mail,
            session.Capacity - await enrolments.SeatsTakenAsync(session.Id, cancellationToken), clock.Today(), catalogue.Deadline),
        (EmailKind.PaidNoSeat, RecipientRole.Payer) => EmailTemplates.PaidNoSeat(mail),
        (EmailKind.ContractSigned, RecipientRole.Payer) => EmailTemplates.ContractSigned(mail, Contract(mail.Enrolment, course, session), clock.LocalTimeZone),
        (EmailKind.InstalmentReceipt, RecipientRole.Payer) => EmailTemplates.InstalmentReceipt(mail),
        (EmailKind.InstalmentRecovery, RecipientRole.Payer) => EmailTemplates.InstalmentRecovery(mail),
        (EmailKind.WithdrawalConfirmed, RecipientRole.Payer) => EmailTemplates.WithdrawalConfirmed(mail),
        (_, RecipientRole.Staff) when kind.StartsWith("staff-", StringComparison.Ordinal) => EmailTemplates.Staff(mail, kind, consoleLinks.Enrolment(mail.Enrolment.Id)),
        // Sent only while the offer is open: a late delivery after a decline or a lapse would offer a place that is gone.
        (EmailKind.WaitingListOffer, RecipientRole.Payer) when mail.Enrolment.State == EnrolmentState.Offered => EmailTemplates.WaitingListOffer(mail),
        (EmailKind.WaitingListOfferLapsed, RecipientRole.Payer) => EmailTemplates.WaitingListOfferLapsed(mail),
        _ => null,
    };

    /// <summary>
    /// The enrolment if its card payment can still be made: the hold runs and Stripe's page is known. The page is
    /// attached a moment after the hold is written (and its email queued), so a fast delivery looks again briefly.
    /// </summary>
    private async Task<EnrolmentRecord?> ResumableAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        for (var look = 0; ; look++)
        {
            if (enrolment.State != EnrolmentState.PendingPayment || enrolment.HoldExpiresAt <= clock.GetUtcNow()) return null;
            if (!string.IsNullOrEmpty(enrolment.CheckoutUrl)) return enrolment;
            if (look == CheckoutLooks) return null;
            // Wall-clock time: this waits for another request's write, not for a business deadline.
            await Task.Delay(CheckoutLookInterval, cancellationToken);
            if (await enrolments.GetAsync(enrolment.Id, cancellationToken) is not { } fresh) return null;
            enrolment = fresh;
        }
    }

    private const int CheckoutLooks = 20;
    private static readonly TimeSpan CheckoutLookInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The signed contract goes with its confirmation, the calendar entry with the convocation.</summary>
    private async Task<List<EmailAttachment>> AttachmentsAsync(string kind, EnrolmentRecord enrolment, Trainee? trainee, Course course, CourseSession session, CancellationToken cancellationToken)
    {
        var attachments = new List<EmailAttachment>();
        if (kind == EmailKind.ContractSigned)
        {
            attachments.Add(new EmailAttachment(EmailTemplates.ContractFileName, "text/html", EmailTemplates.ContractAttachment(Contract(enrolment, course, session))));
            // The exact text accepted: hashing this file gives the SHA-256 the email prints (see contrat-formation.md).
            attachments.Add(new EmailAttachment(Monalisa.Domain.SelfFunded.TrainingContract.TextFileName, "text/plain; charset=utf-8", Contract(enrolment, course, session).TextBytes));
        }
        if (kind == EmailKind.Convocation)
        {
            var sequence = await sequences.CurrentAsync(course, session, cancellationToken);
            attachments.Add(new EmailAttachment(ConvocationCalendar.FileName, ConvocationCalendar.ContentType,
                ConvocationCalendar.Build(course, session, trainee!.Email, sequence, trainingContact, settings.Contact, clock.GetUtcNow())));
        }
        return attachments;
    }

    /// <summary>
    /// The contract as the trainee accepted it: their name, address, price and instalments from the enrolment. A record
    /// written before contracts named the person has no address; its text differs, and the email says so (contract_changed).
    /// </summary>
    private Monalisa.Domain.SelfFunded.TrainingContract Contract(EnrolmentRecord enrolment, Course course, CourseSession session)
    {
        var trainee = enrolment.Trainees[0];
        var person = new Monalisa.Domain.SelfFunded.ContractTrainee(trainee.FirstName, trainee.LastName,
            enrolment.Payer.PostalAddress ?? new PostalAddress(enrolment.Payer.Address ?? "", "", ""), trainee.Category);
        return Monalisa.Content.TrainingContractWriter.For(course, session, contractParties, person, enrolment.TotalCents,
            [.. enrolment.Instalments.Select(i => new Monalisa.Domain.SelfFunded.Instalment(i.Number, i.AmountCents, i.DueOn))]);
    }

    private async Task<Composition> ForIntraRequestAsync(string outboxId, string kind, RecipientRole role, string requestId, CancellationToken cancellationToken)
    {
        if (await intraRequests.GetAsync(requestId, cancellationToken) is not { } request) return new Composition.Nothing("intra request not found");
        if (request.Request.Email.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase)) return new Composition.Nothing("intra request anonymised");
        if (catalogue.FindCourse(request.Request.CourseSlug) is not { } course) return new Composition.Nothing("course no longer in the catalogue");

        (List<EmailAddress> To, EmailTemplates.Rendered? Rendered) email = (kind, role) switch
        {
            (EmailKind.IntraRequestReceived, RecipientRole.IntraContact) =>
                ([new(request.Request.Email, SafeName.Of(request.Request.ContactName))], EmailTemplates.IntraRequestReceived(request, course, settings)),
            (EmailKind.StaffIntraRequest, RecipientRole.Staff) =>
                ([.. settings.StaffRecipients.Select(a => new EmailAddress(a))], EmailTemplates.StaffIntraRequest(request, course)),
            _ => ([], null),
        };
        if (email.Rendered is null) return new Composition.Nothing("no template for this kind and role");
        if (email.To.Count == 0) return new Composition.Nothing("no recipient");
        return new Composition.Ready(new EmailMessage(outboxId, kind, email.To, email.Rendered.Subject, email.Rendered.Html, email.Rendered.Text, []));
    }
}
