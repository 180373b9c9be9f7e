using Azure.Data.Tables;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Email;

/// <summary>
/// An email to send, stored in the same partition, and written in the same transaction, as the change that calls for it.
/// A queue message then points to it; a timer sweep re-queues records that never got their message.
/// </summary>
internal static class OutboxRecord
{
    public const string Kind = nameof(Kind);
    public const string Role = nameof(Role);
    public const string TraineeIndex = nameof(TraineeIndex);
    /// <summary>The RowKey of the enrolment or intra request the email is about.</summary>
    public const string Subject = nameof(Subject);
    public const string Status = nameof(Status);
    public const string CreatedAt = nameof(CreatedAt);
    public const string Enqueued = nameof(Enqueued);
    public const string Attempts = nameof(Attempts);
    /// <summary>When the sweep should look at a still-pending record: the grace after its write, or the next retry.</summary>
    public const string DueAt = nameof(DueAt);
    /// <summary>Until when a sender holds the record (status « sending »); past it, the sweep hands it out again.</summary>
    public const string LeaseUntil = nameof(LeaseUntil);
    public const string SentAt = nameof(SentAt);
    public const string ProviderMessageId = nameof(ProviderMessageId);
    /// <summary>The provider's status code or the error type: never an address or a body.</summary>
    public const string LastError = nameof(LastError);

    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    /// <summary>Nothing to send any more (the enrolment was anonymised, no staff address…).</summary>
    public const string Skipped = "skipped";

    /// <summary>How long a record may wait for its queue message before the sweep enqueues it itself.</summary>
    public static readonly TimeSpan EnqueueGrace = TimeSpan.FromMinutes(1);

    public static TableEntity Create(string partitionKey, string subjectRowKey, string kind, RecipientRole role, DateTimeOffset now, int? traineeIndex = null)
    {
        var entity = new TableEntity(partitionKey, Keys.OutboxPrefix + NewId(now))
        {
            [Kind] = kind,
            [Role] = role.ToString(),
            [Subject] = subjectRowKey,
            [Status] = Pending,
            [CreatedAt] = now,
            [Enqueued] = false,
            [Attempts] = 0,
            [DueAt] = now + EnqueueGrace,
        };
        if (traineeIndex is not null) entity[TraineeIndex] = traineeIndex.Value;
        return entity;
    }

    /// <summary>Time-ordered, unique ids, so records of one change sort in the order they were planned.</summary>
    /// <summary>The id in custom_args, logs and file names: the RowKey without its prefix.</summary>
    public static string IdOf(string rowKey) => rowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal) ? rowKey[Keys.OutboxPrefix.Length..] : rowKey;

    private static string NewId(DateTimeOffset now) =>
        $"{now.UtcTicks:D19}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";
}

/// <summary>What a queue message says: where the outbox record is.</summary>
internal sealed record OutboxMessage(string Table, string PartitionKey, string RowKey)
{
    /// <summary>Null for anything that is not a complete pointer (a stray or truncated message).</summary>
    public static OutboxMessage? TryParse(string? json)
    {
        try
        {
            var message = System.Text.Json.JsonSerializer.Deserialize<OutboxMessage>(json ?? "");
            return message is { Table.Length: > 0, PartitionKey.Length: > 0, RowKey.Length: > 0 } ? message : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
