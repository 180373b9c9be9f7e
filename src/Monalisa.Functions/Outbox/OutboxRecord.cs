using Azure.Data.Tables;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Outbox;

/// <summary>
/// An email to send, stored in the same partition, and written in the same transaction, as the change that calls for it.
/// One queue message then points to the records of that change; a timer sweep re-queues records still pending after a
/// while (their message was never put, or was lost). Handing a record out twice is harmless: the sender's claim lets
/// one delivery send.
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
    public const string Attempts = nameof(Attempts);
    /// <summary>Not before: a retry waits for it (a delivery that comes earlier stands down).</summary>
    public const string DueAt = nameof(DueAt);
    /// <summary>When the sweep hands a still-pending record out again: the grace after its write, a retry's time, or later.</summary>
    public const string SweepAt = nameof(SweepAt);
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

    /// <summary>How long a record may stay pending after its write before the sweep enqueues it itself.</summary>
    public static readonly TimeSpan EnqueueGrace = TimeSpan.FromMinutes(1);

    /// <summary>After the sweep re-queued a record, how long before it may do so again (a slow or stopped consumer).</summary>
    public static readonly TimeSpan RequeueInterval = TimeSpan.FromMinutes(10);

    public static TableEntity Create(string partitionKey, string subjectRowKey, string kind, RecipientRole role, DateTimeOffset now, int? traineeIndex = null)
    {
        var entity = new TableEntity(partitionKey, Keys.OutboxPrefix + NewId(now))
        {
            [Kind] = kind,
            [Role] = role.ToString(),
            [Subject] = subjectRowKey,
            [Status] = Pending,
            [CreatedAt] = now,
            [Attempts] = 0,
            [DueAt] = now,
            [SweepAt] = now + EnqueueGrace,
        };
        if (traineeIndex is not null) entity[TraineeIndex] = traineeIndex.Value;
        return entity;
    }

    /// <summary>The rows of a decision's notices; distinct ticks keep their order (payer, trainees, staff) within one change.</summary>
    public static List<TableEntity> ForNotices(string partitionKey, string subjectRowKey, IReadOnlyList<Notice> notices, DateTimeOffset now) =>
        [.. notices.Select((notice, i) => Create(partitionKey, subjectRowKey, notice.Kind, notice.Role, now.AddTicks(i), notice.TraineeIndex))];

    /// <summary>Time-ordered, unique ids, so records of one change sort in the order they were planned.</summary>
    /// <summary>The id in custom_args, logs and file names: the RowKey without its prefix.</summary>
    public static string IdOf(string rowKey) => rowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal) ? rowKey[Keys.OutboxPrefix.Length..] : rowKey;

    private static string NewId(DateTimeOffset now) =>
        $"{now.UtcTicks:D19}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";
}

/// <summary>One outbox record, as the sender handles it.</summary>
internal sealed record OutboxPointer(string Table, string PartitionKey, string RowKey);

/// <summary>
/// What a queue message says: the outbox records one change wrote, all in one table and partition. One message per
/// change rather than per email: the enrolment answers after one queue put, whatever the number of trainees.
/// </summary>
internal sealed record OutboxMessage(string Table, string PartitionKey, IReadOnlyList<string> RowKeys)
{
    /// <summary>A transaction holds at most 100 entities, so no change writes more records than this.</summary>
    public const int MaxRecords = 100;

    public IEnumerable<OutboxPointer> Pointers => RowKeys.Select(rowKey => new OutboxPointer(Table, PartitionKey, rowKey));

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    /// <summary>Null for anything that is not a complete message (a stray or truncated one).</summary>
    public static OutboxMessage? TryParse(string? json)
    {
        try
        {
            var message = System.Text.Json.JsonSerializer.Deserialize<OutboxMessage>(json ?? "");
            return message is { Table.Length: > 0, PartitionKey.Length: > 0, RowKeys: { Count: > 0 and <= MaxRecords } rowKeys }
                && rowKeys.All(r => !string.IsNullOrEmpty(r)) ? message : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
