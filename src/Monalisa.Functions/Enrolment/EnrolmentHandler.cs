using Monalisa.Content;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Notices;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Enrolment;

/// <summary>What became of a submission.</summary>
internal abstract record SubmitOutcome
{
    public sealed record Created(EnrolmentRecord Enrolment, string Token, string? CheckoutUrl) : SubmitOutcome;
    /// <summary>A bot (honeypot or too fast): answered as if accepted, nothing stored.</summary>
    public sealed record Dropped : SubmitOutcome;
    public sealed record Invalid(FieldErrors Errors) : SubmitOutcome;
    public sealed record NotEnoughSeats(int SeatsLeft, int Requested) : SubmitOutcome;
    public sealed record AlreadyEnrolled(int TraineeIndex) : SubmitOutcome;
    public sealed record KeyReusedWithAnotherBody : SubmitOutcome;
    public sealed record Busy : SubmitOutcome;
    public sealed record PaymentUnavailable : SubmitOutcome;
}

/// <summary>
/// Carries out an enrolment: spam check, validation, server-side price, idempotency, places, outbox, checkout.
/// </summary>
internal sealed class EnrolmentHandler(
    CourseCatalogue catalogue,
    EnrolmentStore store,
    IdempotencyStore idempotency,
    OutboxDispatcher outbox,
    ICheckoutGateway checkout,
    IInstalmentGateway instalments,
    ContractParties contractParties,
    EnrolmentOptions options,
    TimeProvider clock,
    ILogger<EnrolmentHandler> logger)
{
    private const string IdempotencyScope = "enrolments";
    private const string FullAnswer = "full:";

    /// <summary>A checked request, priced by the server, with the contract a self-funded trainee accepted.</summary>
    private sealed record Checked(EnrolmentRequest Request, Course Course, CourseSession Session, Quote Quote, TrainingContract? Contract);

    /// <summary>Who the enrolment will be: its id and the token given back, fresh or replayed from the Idempotency-Key.</summary>
    private sealed record Claimed(string Id, string Token);

    public async Task<SubmitOutcome> SubmitAsync(EnrolmentSubmission submission, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (SpamCheck.LooksAutomated(submission.Website, submission.RenderedAt, submission.SubmittedAt, now))
            return new SubmitOutcome.Dropped();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var check = Check(submission, today);
        if (check.Checked is not { } request) return check.Refusal!;

        var claim = await ClaimAsync(submission, idempotencyKey, request, cancellationToken);
        if (claim.Refusal is not null) return claim.Refusal;
        var enrolment = NewRecord(request, claim.Identity!, now);
        string? setupUrl = null;
        if (request.Contract is not null)
        {
            var setup = await SetUpSelfFundedAsync(enrolment, request, claim.Identity!, today, idempotencyKey, cancellationToken);
            if (setup.Refusal is not null) return setup.Refusal;
            (enrolment, setupUrl) = (setup.Enrolment!, setup.Url);
        }
        return await HoldAsync(submission, request, enrolment, claim.Identity!.Token, setupUrl, idempotencyKey, now, cancellationToken);
    }

    /// <summary>Validation, the server's price, and the contract version: nothing is stored or claimed yet.</summary>
    private (Checked? Checked, SubmitOutcome? Refusal) Check(EnrolmentSubmission submission, DateOnly today)
    {
        var validation = EnrolmentValidator.Validate(submission, catalogue, today, contractParties.ContactEmail);
        if (validation is ValidationOutcome<EnrolmentRequest>.Invalid invalid)
            return (null, new SubmitOutcome.Invalid(invalid.Errors));
        var request = ((ValidationOutcome<EnrolmentRequest>.Valid)validation).Value;
        var (course, session) = catalogue.FindSession(request.SessionId)!.Value;

        // The price is the engine's, from the course file: whatever amount a client sends is never read.
        if (TariffEngine.Price(course, request.ToQuoteRequest()) is not QuoteOutcome.Priced { Quote: var quote })
            return (null, new SubmitOutcome.Invalid(new FieldErrors().Add("trainees", EnrolmentMessages.CategoryRequired)));

        // L6353-3: the contract the trainee accepted must be the one this server writes for this session, word for word.
        var contract = request.SelfFunded ? TrainingContractWriter.For(course, session, contractParties) : null;
        if (contract is not null && !string.Equals(request.ContractVersion, contract.Sha256, StringComparison.OrdinalIgnoreCase))
            return (null, new SubmitOutcome.Invalid(new FieldErrors().Add("contractAccepted", EnrolmentMessages.ContractOutdated)));
        return (new Checked(request, course, session, quote, contract), null);
    }

    /// <summary>
    /// The enrolment's id and token: new, or those of the first request with the same Idempotency-Key (a replay),
    /// whose final answer, when it was « full », is given again as it was.
    /// </summary>
    private async Task<(Claimed? Identity, SubmitOutcome? Refusal)> ClaimAsync(EnrolmentSubmission submission, string? idempotencyKey, Checked request, CancellationToken cancellationToken)
    {
        var sessionId = request.Session.Id;
        var fresh = new Claimed(RecordId.New(sessionId), AccessToken.New().Token);
        if (idempotencyKey is null) return (fresh, null);
        var requestHash = IdempotencyStore.HashOf(JsonSerializer.Serialize(submission));
        return await idempotency.ClaimAsync(IdempotencyScope, idempotencyKey, requestHash, () => (RecordId.New(sessionId), AccessToken.New().Token), cancellationToken) switch
        {
            IdempotencyClaim.Mismatch => (null, new SubmitOutcome.KeyReusedWithAnotherBody()),
            IdempotencyClaim.Replay { FinalAnswer: { } answer } when answer.StartsWith(FullAnswer, StringComparison.Ordinal) =>
                (null, new SubmitOutcome.NotEnoughSeats(int.Parse(answer[FullAnswer.Length..]), request.Request.Trainees.Count)),
            IdempotencyClaim.Replay replay => (new Claimed(replay.ResourceId, replay.Token), null),
            IdempotencyClaim.First first => (new Claimed(first.ResourceId, first.Token), null),
            _ => (fresh, null),
        };
    }

    private EnrolmentRecord NewRecord(Checked request, Claimed identity, DateTimeOffset now)
    {
        var (asked, course, session, quote) = (request.Request, request.Course, request.Session, request.Quote);
        return new EnrolmentRecord
        {
            Id = identity.Id,
            SessionId = session.Id,
            CourseSlug = course.Slug,
            SessionEnd = new DateTimeOffset(session.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            State = asked.InitialState,
            CreatedAt = now,
            HoldExpiresAt = asked.InitialState == EnrolmentState.PendingPayment ? now + options.Hold : null,
            PaymentMethod = asked.PaymentMethod,
            Payer = asked.Payer,
            Trainees = asked.TraineesDeclaredAt(now, options.VolunteerCardNeedsApproval),
            Lines = quote.Lines,
            Days = quote.Days,
            TotalCents = quote.TotalCents,
            TokenHash = AccessToken.Hash(identity.Token),
            AccessibilityNeeds = asked.AccessibilityNeeds,
        };
    }

    /// <summary>
    /// Self-funded: the contract, the instalments, and the card saved first (setup mode, no money taken): without a page
    /// to save it, nothing is kept. The setup's idempotency key is the enrolment id, so a replay gets the same page.
    /// </summary>
    private async Task<(EnrolmentRecord? Enrolment, string? Url, SubmitOutcome? Refusal)> SetUpSelfFundedAsync(
        EnrolmentRecord enrolment, Checked request, Claimed identity, DateOnly signedOn, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var session = request.Session;
        enrolment = enrolment with
        {
            ContractAcceptedAt = enrolment.CreatedAt,
            ContractSha256 = request.Contract!.Sha256,
            Instalments = [.. InstalmentSchedule.For(request.Quote.TotalCents, signedOn, session.Start).Select(i => new InstalmentEntry(i.Number, i.AmountCents, i.DueOn))],
            CautiousSchedule = InstalmentSchedule.IsCautious(signedOn, session.Start),
            ActionToken = AccessToken.New().Token,
        };
        if (await instalments.CreateSetupAsync(enrolment, request.Course, session, identity.Token, cancellationToken) is SetupOutcome.Created setup)
            return (enrolment with { CheckoutSessionId = setup.SessionId, StripeCustomerId = setup.CustomerId }, setup.Url, null);
        logger.LogWarning("Setup checkout unavailable for self-funded enrolment {EnrolmentId}; nothing kept.", enrolment.Id);
        if (idempotencyKey is not null)
            await idempotency.ForgetAsync(IdempotencyScope, idempotencyKey, cancellationToken);
        return (null, null, new SubmitOutcome.PaymentUnavailable());
    }

    /// <summary>Takes the places (or none: waiting list) and writes the enrolment with its emails, then answers.</summary>
    private async Task<SubmitOutcome> HoldAsync(EnrolmentSubmission submission, Checked request, EnrolmentRecord enrolment, string token, string? setupUrl,
        string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = OutboxRecord.ForNotices(enrolment.SessionId, EnrolmentEntityMapping.RowKey(enrolment), NoticePlan.ForNewEnrolment(enrolment), now);
        var held = request.Request.WaitingList
            ? await store.AddWithoutSeatsAsync(enrolment, records, cancellationToken)
            : await store.HoldAsync(enrolment, request.Session.Capacity, records, cancellationToken);
        switch (held)
        {
            case HoldOutcome.Held { Enrolment: var stored }:
                await outbox.EnqueueAsync(Storage.TableNames.Enrolments, records, cancellationToken);
                return stored.State == EnrolmentState.ContractSigned
                    ? new SubmitOutcome.Created(stored, token, setupUrl)
                    : await OpenCheckoutAsync(stored, request.Course, request.Session, token, idempotencyKey, cancellationToken);
            case HoldOutcome.AlreadyExists { Enrolment: { State: EnrolmentState.ContractSigned } existing }:
                return new SubmitOutcome.Created(existing, token, existing.PaymentMethodId is null ? setupUrl : null);
            case HoldOutcome.AlreadyExists { Enrolment: var existing }:
                // A replay of a request that was carried out: same enrolment, same token, same checkout if still open.
                return await OpenCheckoutAsync(existing, request.Course, request.Session, token, idempotencyKey, cancellationToken);
            case HoldOutcome.NotEnoughSeats { SeatsLeft: var left }:
                if (idempotencyKey is not null)
                    await idempotency.RememberFinalAnswerAsync(IdempotencyScope, idempotencyKey, FullAnswer + left, cancellationToken);
                return new SubmitOutcome.NotEnoughSeats(left, request.Request.Trainees.Count);
            case HoldOutcome.AlreadyEnrolled { TraineeIndex: var index }:
                return new SubmitOutcome.AlreadyEnrolled(OriginalIndex(submission, request.Request, index));
            default:
                return new SubmitOutcome.Busy();
        }
    }

    private async Task<SubmitOutcome> OpenCheckoutAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (enrolment.State != EnrolmentState.PendingPayment)
            return new SubmitOutcome.Created(enrolment, token, null);

        switch (await checkout.CreateAsync(enrolment, course, session, token, cancellationToken))
        {
            case CheckoutOutcome.Created created:
                if (enrolment.CheckoutSessionId != created.SessionId || enrolment.CheckoutUrl != created.Url)
                    await store.AttachCheckoutAsync(enrolment, created.SessionId, created.Url, cancellationToken);
                return new SubmitOutcome.Created(enrolment with { CheckoutSessionId = created.SessionId }, token, created.Url);
            default:
                // No payment page, so no reason to keep places: give them back now rather than in 30 minutes,
                // and free the Idempotency-Key so that the same form can simply be sent again.
                logger.LogWarning("Checkout unavailable for enrolment {EnrolmentId}; places released.", enrolment.Id);
                await store.CommitAsync(enrolment.Id, new EnrolmentCommand.Cancelled(), session.Capacity, null, cancellationToken);
                if (idempotencyKey is not null)
                    await idempotency.ForgetAsync(IdempotencyScope, idempotencyKey, cancellationToken);
                return new SubmitOutcome.PaymentUnavailable();
        }
    }

    /// <summary>Maps a trainee's index among the kept rows back to its row in the form (blank rows are skipped).</summary>
    private static int OriginalIndex(EnrolmentSubmission submission, EnrolmentRequest request, int index)
    {
        var email = request.Trainees[index].Email;
        var rows = submission.Trainees ?? [];
        for (var i = 0; i < rows.Count; i++)
            if (string.Equals(rows[i]?.Email?.Trim(), email, StringComparison.OrdinalIgnoreCase)) return i;
        return index;
    }
}
