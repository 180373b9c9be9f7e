using Monalisa.Content;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Http;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Email;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.Payments;
using Monalisa.Functions.SelfFunded;

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

    public async Task<SubmitOutcome> SubmitAsync(EnrolmentSubmission submission, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (SpamCheck.LooksAutomated(submission.Website, submission.RenderedAt, submission.SubmittedAt, now))
            return new SubmitOutcome.Dropped();

        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var validation = EnrolmentValidator.Validate(submission, catalogue, today);
        if (validation is ValidationOutcome<EnrolmentRequest>.Invalid invalid)
            return new SubmitOutcome.Invalid(invalid.Errors);
        var request = ((ValidationOutcome<EnrolmentRequest>.Valid)validation).Value;
        var (course, session) = catalogue.FindSession(request.SessionId)!.Value;

        // The price is the engine's, from the course file: whatever amount a client sends is never read.
        if (TariffEngine.Price(course, request.ToQuoteRequest()) is not QuoteOutcome.Priced { Quote: var quote })
            return new SubmitOutcome.Invalid(new FieldErrors().Add("trainees", EnrolmentMessages.CategoryRequired));

        // L6353-3: the contract the trainee accepted must be the one this server writes for this session, word for word.
        var contract = request.SelfFunded ? TrainingContractWriter.For(course, session, contractParties) : null;
        if (contract is not null && !string.Equals(request.ContractVersion, contract.Sha256, StringComparison.OrdinalIgnoreCase))
            return new SubmitOutcome.Invalid(new FieldErrors().Add("contractAccepted", EnrolmentMessages.ContractOutdated));

        var (id, token) = (RecordId.New(session.Id), AccessToken.New().Token);
        if (idempotencyKey is not null)
        {
            var requestHash = IdempotencyStore.HashOf(JsonSerializer.Serialize(submission));
            switch (await idempotency.ClaimAsync(IdempotencyScope, idempotencyKey, requestHash, () => (RecordId.New(session.Id), AccessToken.New().Token), cancellationToken))
            {
                case IdempotencyClaim.Mismatch:
                    return new SubmitOutcome.KeyReusedWithAnotherBody();
                case IdempotencyClaim.Replay { FinalAnswer: { } answer } when answer.StartsWith(FullAnswer, StringComparison.Ordinal):
                    return new SubmitOutcome.NotEnoughSeats(int.Parse(answer[FullAnswer.Length..]), request.Trainees.Count);
                case IdempotencyClaim.Replay replay:
                    (id, token) = (replay.ResourceId, replay.Token);
                    break;
                case IdempotencyClaim.First first:
                    (id, token) = (first.ResourceId, first.Token);
                    break;
            }
        }

        var enrolment = new EnrolmentRecord
        {
            Id = id,
            SessionId = session.Id,
            CourseSlug = course.Slug,
            SessionEnd = new DateTimeOffset(session.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            State = request.InitialState,
            CreatedAt = now,
            HoldExpiresAt = request.InitialState == EnrolmentState.PendingPayment ? now + options.Hold : null,
            PaymentMethod = request.PaymentMethod,
            Payer = request.Payer,
            Trainees = request.Trainees,
            Lines = quote.Lines,
            Days = quote.Days,
            TotalCents = quote.TotalCents,
            TokenHash = AccessToken.Hash(token),
            AccessibilityNeeds = request.AccessibilityNeeds,
        };
        string? setupUrl = null;
        if (contract is not null)
        {
            var signedOn = today;
            enrolment = enrolment with
            {
                ContractAcceptedAt = now,
                ContractSha256 = contract.Sha256,
                Instalments = [.. InstalmentSchedule.For(quote.TotalCents, signedOn, session.Start).Select(i => new InstalmentEntry(i.Number, i.AmountCents, i.DueOn))],
                CautiousSchedule = InstalmentSchedule.IsCautious(signedOn, session.Start),
                ActionToken = AccessToken.New().Token,
            };
            // The card is saved first (setup mode, no money taken): without a page to save it, nothing is kept.
            // The session's idempotency key is the enrolment id, so a replay gets the same page.
            switch (await instalments.CreateSetupAsync(enrolment, course, session, token, cancellationToken))
            {
                case SetupOutcome.Created setup:
                    enrolment = enrolment with { CheckoutSessionId = setup.SessionId, StripeCustomerId = setup.CustomerId };
                    setupUrl = setup.Url;
                    break;
                default:
                    logger.LogWarning("Setup checkout unavailable for self-funded enrolment {EnrolmentId}; nothing kept.", id);
                    if (idempotencyKey is not null)
                        await idempotency.ForgetAsync(IdempotencyScope, idempotencyKey, cancellationToken);
                    return new SubmitOutcome.PaymentUnavailable();
            }
        }
        var records = EmailPlan.ForNewEnrolment(enrolment, now);
        var held = request.WaitingList
            ? await store.AddWithoutSeatsAsync(enrolment, records, cancellationToken)
            : await store.HoldAsync(enrolment, session.Capacity, records, cancellationToken);

        switch (held)
        {
            case HoldOutcome.Held { Enrolment: var stored }:
                await outbox.EnqueueAsync(Storage.TableNames.Enrolments, records, cancellationToken);
                return stored.State == EnrolmentState.ContractSigned
                    ? new SubmitOutcome.Created(stored, token, setupUrl)
                    : await OpenCheckoutAsync(stored, course, session, token, idempotencyKey, cancellationToken);
            case HoldOutcome.AlreadyExists { Enrolment: { State: EnrolmentState.ContractSigned } existing }:
                return new SubmitOutcome.Created(existing, token, existing.PaymentMethodId is null ? setupUrl : null);
            case HoldOutcome.AlreadyExists { Enrolment: var existing }:
                // A replay of a request that was carried out: same enrolment, same token, same checkout if still open.
                return await OpenCheckoutAsync(existing, course, session, token, idempotencyKey, cancellationToken);
            case HoldOutcome.NotEnoughSeats { SeatsLeft: var left }:
                if (idempotencyKey is not null)
                    await idempotency.RememberFinalAnswerAsync(IdempotencyScope, idempotencyKey, FullAnswer + left, cancellationToken);
                return new SubmitOutcome.NotEnoughSeats(left, request.Trainees.Count);
            case HoldOutcome.AlreadyEnrolled { TraineeIndex: var index }:
                return new SubmitOutcome.AlreadyEnrolled(OriginalIndex(submission, request, index));
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
                await store.TransitionAsync(enrolment.Id, EnrolmentTrigger.Cancelled, session.Capacity, new TransitionWork(), cancellationToken);
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
