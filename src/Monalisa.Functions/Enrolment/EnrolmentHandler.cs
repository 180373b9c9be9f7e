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
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Enrolment;

/// <summary>What became of a submission.</summary>
internal abstract record SubmitOutcome
{
    public sealed record Created(EnrolmentRecord Enrolment, string Token, string? CheckoutUrl) : SubmitOutcome;
    public sealed record Invalid(FieldErrors Errors) : SubmitOutcome;
    public sealed record NotEnoughSeats(int SeatsLeft, int Requested) : SubmitOutcome;
    /// <summary>The payer would hold more places in the session than one payer may (a larger group asks for an intra session).</summary>
    public sealed record PayerCapReached(int Held, int Cap) : SubmitOutcome;
    /// <summary>The client address would hold more places in the session than one address may, whatever the payer emails.</summary>
    public sealed record AddressCapReached(int Held, int Cap) : SubmitOutcome;
    public sealed record AlreadyEnrolled(int TraineeIndex) : SubmitOutcome;
    public sealed record KeyReusedWithAnotherBody : SubmitOutcome;
    public sealed record Busy : SubmitOutcome;
    public sealed record PaymentUnavailable : SubmitOutcome;
}

/// <summary>
/// Carries out an enrolment: validation, server-side price, idempotency, places, outbox, then Stripe. The anti-bot check
/// and the rate limits ran before (Abuse/FormGate), and nothing is ever dropped in silence.
/// </summary>
internal sealed class EnrolmentHandler(
    CourseCatalogue catalogue,
    EnrolmentStore store,
    DuplicateRequests duplicates,
    IdempotencyStore idempotency,
    OutboxDispatcher outbox,
    ICheckoutGateway checkout,
    IInstalmentGateway instalments,
    ContractParties contractParties,
    EnrolmentOptions options,
    AbuseSettings abuse,
    SeatAllocator seats,
    TimeProvider clock,
    ILogger<EnrolmentHandler> logger,
    SessionCancellations cancellations,
    IPublicBuyerDirectory publicBuyers)
{
    private const string IdempotencyScope = "enrolments";
    private const string FullAnswer = "full:";

    /// <summary>A checked request, priced by the server, with the contract a self-funded trainee accepted.</summary>
    private sealed record Checked(EnrolmentRequest Request, Course Course, CourseSession Session, Quote Quote, TrainingContract? Contract);

    /// <summary>Who the enrolment will be: its id and the token given back, fresh or replayed from the Idempotency-Key.</summary>
    private sealed record Claimed(string Id, string Token);

    /// <param name="clientAddress">The request's <see cref="ClientAddress"/>: only its keyed hash is stored, on the enrolment and its seats.</param>
    public async Task<SubmitOutcome> SubmitAsync(EnrolmentSubmission submission, string? idempotencyKey, string clientAddress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var check = Check(submission, today);
        if (check.Checked is not { } request) return check.Refusal!;
        // Staff cancelled the session: its enrolments are being cancelled, none is taken. Read while the key is
        // claimed, not before: two round trips at once. A claim made for a refused request only replays the refusal.
        var cancelled = cancellations.IsCancelledAsync(request.Session.Id, cancellationToken);
        var publicBody = await CheckPublicBodyAsync(request.Request.Payer, cancellationToken);
        var claim = publicBody.Refusal is null ? await ClaimAsync(submission, idempotencyKey, request, cancellationToken) : default;
        if (await cancelled)
            return new SubmitOutcome.Invalid(new FieldErrors().Add("sessionId", "Cette session est annulée : elle ne prend plus d'inscription. Choisissez une autre date sur la page de la formation."));
        if (publicBody.Refusal is not null) return publicBody.Refusal;
        if (claim.Refusal is not null) return claim.Refusal;
        var enrolment = NewRecord(request, claim.Identity!, now) with { AddressKey = seats.AddressKey(clientAddress), StaffAttention = publicBody.Attention };
        if (request.Contract is not null) enrolment = WithContract(enrolment, request, today);
        // Places first, Stripe after: a request that gets no place (full, over the payer's or the address's cap, already enrolled)
        // creates no Stripe customer and no Checkout.
        return await HoldAsync(submission, request, enrolment, claim.Identity!.Token, idempotencyKey, now, cancellationToken);
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
        var contract = request.SelfFunded ? TrainingContractWriter.For(course, session, contractParties, ContractTraineeOf(request), today) : null;
        if (contract is not null && !string.Equals(request.ContractVersion, contract.Sha256, StringComparison.OrdinalIgnoreCase))
            return (null, new SubmitOutcome.Invalid(new FieldErrors().Add("contractAccepted", EnrolmentMessages.ContractOutdated)));
        return (new Checked(request, course, session, quote, contract), null);
    }

    /// <summary>
    /// A public body's SIRET and the codes its Chorus Pro directory entry requires, asked again here whatever the page
    /// showed. When the directory does not answer, the request is taken and staff are told to check before the invoice
    /// is deposited: refusing would turn a Chorus Pro outage into lost enrolments, and the deposit itself is checked again.
    /// </summary>
    private async Task<(SubmitOutcome? Refusal, string? Attention)> CheckPublicBodyAsync(Payer payer, CancellationToken cancellationToken)
    {
        if (payer.PublicBody is not { } buyer || payer.Siret is not { } siret) return (null, null);
        return await publicBuyers.CheckAsync(siret, cancellationToken) switch
        {
            PublicBuyerCheck.Unknown => (new SubmitOutcome.Invalid(new FieldErrors().Add("payer.siret", EnrolmentMessages.PublicBodySiretUnknown)), null),
            PublicBuyerCheck.Found found when found.Requirements.Check(buyer) is { Any: true } missing => (new SubmitOutcome.Invalid(missing), null),
            PublicBuyerCheck.Unreachable => (null, "Organisme public : l'annuaire Chorus Pro n'a pas répondu à l'inscription. Vérifiez le SIRET, le code service et le numéro d'engagement avant le dépôt de la facture."),
            _ => (null, null),
        };
    }

    /// <summary>The one self-funded trainee, who pays: the person their contract names.</summary>
    private static ContractTrainee ContractTraineeOf(EnrolmentRequest request)
    {
        var trainee = request.Trainees[0];
        return new ContractTrainee(trainee.FirstName, trainee.LastName, request.Payer.PostalAddress!, trainee.Category);
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
            // The convention de formation's emailed link (Conventions) is opened by a token derived from this seed.
            ActionTokenSeed = asked.Payer.Kind == PayerKind.Organisation ? AccessToken.New().Token : null,
        };
    }

    /// <summary>Self-funded: the contract accepted and its instalments. The card is saved after the places are held.</summary>
    private static EnrolmentRecord WithContract(EnrolmentRecord enrolment, Checked request, DateOnly signedOn) => enrolment with
    {
        ContractAcceptedAt = enrolment.CreatedAt,
        ContractSha256 = request.Contract!.Sha256,
        Instalments = [.. InstalmentSchedule.For(request.Quote.TotalCents, signedOn, request.Session.Start).Select(i => new InstalmentEntry(i.Number, i.AmountCents, i.DueOn))],
        CautiousSchedule = InstalmentSchedule.IsCautious(signedOn, request.Session.Start),
        ActionTokenSeed = AccessToken.New().Token,
    };

    /// <summary>Takes the places (or none: waiting list) and writes the enrolment with its emails, then answers.</summary>
    private async Task<SubmitOutcome> HoldAsync(EnrolmentSubmission submission, Checked request, EnrolmentRecord enrolment, string token,
        string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A self-funded enrolment's emails (the contract) are written once its card page exists: see SaveCardAsync.
        var records = enrolment.State != EnrolmentState.ContractSigned
            ? OutboxRecord.ForNotices(enrolment.SessionId, EnrolmentEntityMapping.RowKey(enrolment), NoticePlan.ForNewEnrolment(enrolment), now)
            : [];
        var held = request.Request.WaitingList
            ? await store.AddWithoutSeatsAsync(enrolment, new PlacesCaps(abuse.MaxPlacesPerPayer, abuse.MaxPlacesPerAddress), records, cancellationToken)
            : await store.HoldAsync(enrolment, request.Session.Capacity, new PlacesCaps(abuse.MaxPlacesPerPayer, abuse.MaxPlacesPerAddress), records, cancellationToken);
        switch (held)
        {
            case HoldOutcome.Held { Enrolment: var stored }:
                if (records.Count > 0) await outbox.EnqueueAsync(Storage.TableNames.Enrolments, records, cancellationToken);
                return stored.State == EnrolmentState.ContractSigned
                    ? await SaveCardAsync(stored, request, token, idempotencyKey, now, cancellationToken)
                    : await OpenCheckoutAsync(stored, request.Course, request.Session, token, idempotencyKey, cancellationToken);
            case HoldOutcome.AlreadyExists { Enrolment: { State: EnrolmentState.ContractSigned } existing }:
                // A replay: the same card page (its Stripe idempotency key is the enrolment id), unless the card is saved.
                return existing.PaymentMethodId is null
                    ? await SaveCardAsync(existing, request, token, idempotencyKey, now, cancellationToken, release: existing.CheckoutSessionId is null)
                    : new SubmitOutcome.Created(existing, token, null);
            case HoldOutcome.AlreadyExists { Enrolment: var existing }:
                // A replay of a request that was carried out: same enrolment, same token, same checkout if still open.
                return await OpenCheckoutAsync(existing, request.Course, request.Session, token, idempotencyKey, cancellationToken);
            case HoldOutcome.NotEnoughSeats { SeatsLeft: var left }:
                if (idempotencyKey is not null)
                    await idempotency.RememberFinalAnswerAsync(IdempotencyScope, idempotencyKey, FullAnswer + left, cancellationToken);
                return new SubmitOutcome.NotEnoughSeats(left, request.Request.Trainees.Count);
            case HoldOutcome.PayerCapReached cap:
                return new SubmitOutcome.PayerCapReached(cap.PlacesHeld, cap.Cap);
            case HoldOutcome.AddressCapReached cap:
                return new SubmitOutcome.AddressCapReached(cap.PlacesHeld, cap.Cap);
            case HoldOutcome.AlreadyEnrolled { TraineeIndex: var index }:
                // No second place; those concerned are told at the addresses on file, not the asker (no enrolment oracle).
                await duplicates.ReportAsync(enrolment, cancellationToken);
                return new SubmitOutcome.AlreadyEnrolled(OriginalIndex(submission, request.Request, index));
            default:
                return new SubmitOutcome.Busy();
        }
    }

    /// <summary>
    /// Self-funded, places held: the card-saving page (setup mode, no money taken), then the contract emails with it.
    /// Without the page nothing is kept: the places go back at once and the Idempotency-Key is freed, as for a card.
    /// </summary>
    private async Task<SubmitOutcome> SaveCardAsync(EnrolmentRecord enrolment, Checked request, string token, string? idempotencyKey, DateTimeOffset now,
        CancellationToken cancellationToken, bool release = true)
    {
        if (await instalments.CreateSetupAsync(enrolment, request.Course, request.Session, token, cancellationToken) is SetupOutcome.Created setup)
        {
            var records = OutboxRecord.ForNotices(enrolment.SessionId, EnrolmentEntityMapping.RowKey(enrolment), NoticePlan.ForNewEnrolment(enrolment), now);
            if (await store.AttachSetupAsync(enrolment.Id, setup.SessionId, setup.CustomerId, records, cancellationToken))
                await outbox.EnqueueAsync(Storage.TableNames.Enrolments, records, cancellationToken);
            return new SubmitOutcome.Created(enrolment with { CheckoutSessionId = setup.SessionId, StripeCustomerId = setup.CustomerId }, token, setup.Url);
        }
        // A replay whose card page was already made (and whose contract email went out) keeps its place: the first page may still be open.
        if (!release) return new SubmitOutcome.Created(enrolment, token, null);
        logger.LogWarning("Setup checkout unavailable for self-funded enrolment {EnrolmentId}; places released.", enrolment.Id);
        await store.CommitAsync(enrolment.Id, new EnrolmentCommand.Cancelled(), Monalisa.Domain.Timeline.Actor.System, request.Session.Capacity, null, cancellationToken);
        if (idempotencyKey is not null)
            await idempotency.ForgetAsync(IdempotencyScope, idempotencyKey, cancellationToken);
        return new SubmitOutcome.PaymentUnavailable();
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
                await store.CommitAsync(enrolment.Id, new EnrolmentCommand.Cancelled(), Monalisa.Domain.Timeline.Actor.System, session.Capacity, null, cancellationToken);
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
