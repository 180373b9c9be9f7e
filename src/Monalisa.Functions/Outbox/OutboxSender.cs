using Microsoft.Extensions.Logging;

namespace Monalisa.Functions.Outbox;

/// <summary>What became of one queue delivery.</summary>
internal abstract record OutboxOutcome
{
    public sealed record Sent(string OutboxId, int Attempt) : OutboxOutcome;
    /// <summary>Already sent, failed or skipped, or another delivery holds it right now: this one does nothing.</summary>
    public sealed record Duplicate(string Status) : OutboxOutcome;
    public sealed record NotFound : OutboxOutcome;
    /// <summary>A retry is scheduled for later; the sweep will hand it out when due.</summary>
    public sealed record NotYetDue(DateTimeOffset DueAt) : OutboxOutcome;
    public sealed record RetryScheduled(DateTimeOffset DueAt, string Reason) : OutboxOutcome;
    public sealed record Failed(string Reason) : OutboxOutcome;
    public sealed record Skipped(string Reason) : OutboxOutcome;
}

/// <summary>
/// Sends the email of one outbox record, at most once, however many times a queue message brings it:
/// <list type="number">
/// <item>claim: pending → sending with a lease and attempts + 1, by an ETag-conditional update: one delivery wins,
/// the others see « sending » or « sent » and stop;</item>
/// <item>render and send;</item>
/// <item>mark sent (with the provider's message id), or on 429/5xx put it back to pending, due after a backoff that
/// honours Retry-After, or after <see cref="MaxAttempts"/> attempts mark it failed: the staff export shows it and an
/// error is logged (ids only), for an alert rule.</item>
/// </list>
/// The one window left is a crash after the provider accepted and before « sent » is written: the lease then runs out
/// and the sweep sends again. No provider offers an idempotency key for mail, so this is as close to once as it gets.
/// </summary>
internal sealed class OutboxSender(OutboxStore store, IOutboxComposer composer, IEmailSender sender, TimeProvider clock, ILogger<OutboxSender> logger)
{
    public const int MaxAttempts = 5;

    /// <summary>Longer than a send can take (the SendGrid client times out first), short enough to recover soon after a crash.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<OutboxOutcome> HandleAsync(OutboxPointer pointer, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(pointer, cancellationToken);
        if (record is null) return new OutboxOutcome.NotFound();
        var id = OutboxRecord.IdOf(record.RowKey);
        var now = clock.GetUtcNow();
        var attempts = record.GetInt32(OutboxRecord.Attempts) ?? 0;
        if (StandDown(record, attempts, now) is { } standDown) return standDown;
        if (attempts >= MaxAttempts)
        {
            // Claimed and lost five times (crashes): stop here rather than risk more copies.
            await store.MarkFinalAsync(pointer.Table, record, OutboxRecord.Failed, "lease expired after the last attempt", cancellationToken);
            logger.LogError("Email {OutboxId} ({Table}/{PartitionKey}) failed: no attempt left after lost leases.", id, pointer.Table, pointer.PartitionKey);
            return new OutboxOutcome.Failed("no attempt left");
        }

        var claimed = await store.TryClaimAsync(pointer.Table, record, now + Lease, cancellationToken);
        if (claimed is null) return new OutboxOutcome.Duplicate(OutboxRecord.Sending);

        var composition = await composer.ComposeAsync(pointer.Table, claimed, cancellationToken);
        if (composition is Composition.Nothing nothing)
        {
            await store.MarkFinalAsync(pointer.Table, claimed, OutboxRecord.Skipped, nothing.Reason, cancellationToken);
            logger.LogInformation("Email {OutboxId} skipped: {Reason}.", id, nothing.Reason);
            return new OutboxOutcome.Skipped(nothing.Reason);
        }
        return await SendAsync(pointer, claimed, id, ((Composition.Ready)composition).Message, attempts + 1, cancellationToken);
    }

    /// <summary>Already done, held by another delivery, or a retry whose time has not come: this delivery does nothing.</summary>
    private static OutboxOutcome? StandDown(Azure.Data.Tables.TableEntity record, int attempts, DateTimeOffset now)
    {
        var status = record.GetString(OutboxRecord.Status) ?? OutboxRecord.Pending;
        return status switch
        {
            OutboxRecord.Sent or OutboxRecord.Failed or OutboxRecord.Skipped => new OutboxOutcome.Duplicate(status),
            OutboxRecord.Sending when record.GetDateTimeOffset(OutboxRecord.LeaseUntil) > now => new OutboxOutcome.Duplicate(status),
            OutboxRecord.Pending when attempts > 0 && record.GetDateTimeOffset(OutboxRecord.DueAt) is { } due && due > now => new OutboxOutcome.NotYetDue(due),
            _ => null,
        };
    }

    /// <summary>Hands the email to the provider, then records what it said: sent, a retry later, or failed for good.</summary>
    private async Task<OutboxOutcome> SendAsync(OutboxPointer pointer, Azure.Data.Tables.TableEntity claimed, string id, EmailMessage email, int attempt, CancellationToken cancellationToken)
    {
        switch (await sender.SendAsync(email, cancellationToken))
        {
            case SendResult.Accepted accepted:
                await store.MarkSentAsync(pointer.Table, claimed, clock.GetUtcNow(), accepted.ProviderMessageId, cancellationToken);
                logger.LogInformation("Email {OutboxId} ({Kind}) sent on attempt {Attempt}.", id, email.Kind, attempt);
                return new OutboxOutcome.Sent(id, attempt);

            case SendResult.Transient transient when attempt < MaxAttempts:
                var dueAt = clock.GetUtcNow() + RetryDelay(attempt, transient.RetryAfter);
                await store.ScheduleRetryAsync(pointer.Table, claimed, dueAt, transient.Reason, cancellationToken);
                logger.LogWarning("Email {OutboxId} attempt {Attempt} failed ({Reason}); next try at {DueAt:O}.", id, attempt, transient.Reason, dueAt);
                return new OutboxOutcome.RetryScheduled(dueAt, transient.Reason);

            case SendResult.Transient transient:
                return await FailAsync(pointer, claimed, id, email.Kind, $"{transient.Reason} after {attempt} attempts", cancellationToken);

            case SendResult.Permanent permanent:
                return await FailAsync(pointer, claimed, id, email.Kind, permanent.Reason, cancellationToken);

            default:
                throw new InvalidOperationException("Unknown send result.");
        }
    }

    /// <summary>
    /// 1, 2, 4, 8 minutes after attempts 1 to 4 (about a quarter of an hour in all, the sweep's minute on top), or
    /// later if the provider asked (Retry-After), capped at an hour so a wrong header cannot park an email for days.
    /// </summary>
    public static TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var backoff = TimeSpan.FromMinutes(Math.Pow(2, Math.Clamp(attempt - 1, 0, 10)));
        var wanted = retryAfter is { } asked && asked > backoff ? asked : backoff;
        return wanted > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wanted;
    }

    private async Task<OutboxOutcome> FailAsync(OutboxPointer pointer, Azure.Data.Tables.TableEntity claimed, string id, string kind, string reason, CancellationToken cancellationToken)
    {
        await store.MarkFinalAsync(pointer.Table, claimed, OutboxRecord.Failed, reason, cancellationToken);
        // Staff see it in the session's CSV export (email status); this error is what an alert rule watches. Ids only.
        logger.LogError("Email {OutboxId} ({Kind}) FAILED for good: {Reason}. Record {Table}/{PartitionKey}/{Subject}.",
            id, kind, reason, pointer.Table, pointer.PartitionKey, claimed.GetString(OutboxRecord.Subject));
        return new OutboxOutcome.Failed(reason);
    }
}
