using System.Text.Json;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.IntraRequests;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Email;
using Monalisa.Functions.Http;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.Storage;
using Monalisa.Functions.Outbox;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Identity;

namespace Monalisa.Functions.IntraRequests;

internal abstract record IntraOutcome
{
    public sealed record Received(IntraRequestRecord Request, string Token) : IntraOutcome;
    public sealed record Dropped : IntraOutcome;
    public sealed record Invalid(FieldErrors Errors) : IntraOutcome;
    public sealed record KeyReusedWithAnotherBody : IntraOutcome;
}

/// <summary>Stores an intra request with its quote (flat day rate × days) and tells the contact and staff.</summary>
internal sealed class IntraRequestHandler(CourseCatalogue catalogue, IntraRequestStore store, IdempotencyStore idempotency, OutboxDispatcher outbox, TimeProvider clock)
{
    private const string IdempotencyScope = "intra-requests";

    public async Task<IntraOutcome> SubmitAsync(IntraRequestSubmission submission, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // The form token and the honeypot were checked before (Abuse/FormGate): nothing is dropped in silence here.
        var now = clock.GetUtcNow();
        var validation = IntraRequestValidator.Validate(submission, catalogue);
        if (validation is ValidationOutcome<IntraRequest>.Invalid invalid)
            return new IntraOutcome.Invalid(invalid.Errors);
        var request = ((ValidationOutcome<IntraRequest>.Valid)validation).Value;
        var quote = ((QuoteOutcome.Priced)TariffEngine.Price(catalogue.FindCourse(request.CourseSlug)!, QuoteRequest.Intra())).Quote;

        var partition = IntraRequestStore.PartitionFor(now);
        (string Id, string Token) fresh() => (RecordId.New(partition), AccessToken.New().Token);
        var (id, token) = fresh();
        if (idempotencyKey is not null)
        {
            switch (await idempotency.ClaimAsync(IdempotencyScope, idempotencyKey, IdempotencyStore.HashOf(JsonSerializer.Serialize(submission)), fresh, cancellationToken))
            {
                case IdempotencyClaim.Mismatch: return new IntraOutcome.KeyReusedWithAnotherBody();
                case IdempotencyClaim.Replay replay: (id, token) = (replay.ResourceId, replay.Token); break;
                case IdempotencyClaim.First first: (id, token) = (first.ResourceId, first.Token); break;
            }
        }

        var record = new IntraRequestRecord(id, request, quote.Lines, quote.TotalCents, AccessToken.Hash(token), now);
        if (await store.GetAsync(id, cancellationToken) is { } existing)
            return new IntraOutcome.Received(existing, token);
        var records = OutboxRecord.ForNotices(record.Partition, record.RowKey,
            [Notice.ToIntraContact(EmailKind.IntraRequestReceived), Notice.ToStaff(EmailKind.StaffIntraRequest)], now);
        if (await store.AddAsync(record, records, cancellationToken))
            await outbox.EnqueueAsync(TableNames.IntraRequests, records, cancellationToken);
        return new IntraOutcome.Received(record, token);
    }
}
