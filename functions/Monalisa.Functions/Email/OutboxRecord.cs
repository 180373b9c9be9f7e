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

    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";

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
        };
        if (traineeIndex is not null) entity[TraineeIndex] = traineeIndex.Value;
        return entity;
    }

    /// <summary>Time-ordered, unique ids, so records of one change sort in the order they were planned.</summary>
    private static string NewId(DateTimeOffset now) =>
        $"{now.UtcTicks:D19}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";
}

/// <summary>What a queue message says: where the outbox record is.</summary>
internal sealed record OutboxMessage(string Table, string PartitionKey, string RowKey);
