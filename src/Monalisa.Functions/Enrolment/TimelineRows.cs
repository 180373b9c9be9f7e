using System.Text.Json;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>One act on an enrolment as the timeline shows it: when, who, which command, and the move it made.</summary>
internal sealed record TimelineEvent(
    DateTimeOffset At, Actor Actor, string Kind, EnrolmentState From, EnrolmentState To, IReadOnlyDictionary<string, string> Detail);

/// <summary>
/// The timeline rows (<c>event|{enrolmentId}|…</c>) in the enrolment's partition. Each is added in the transaction of the
/// change it records, so the timeline never shows an act that did not happen, nor misses one that did.
/// </summary>
internal static class TimelineRows
{
    private const string At = nameof(At);
    private const string ActorKindColumn = "ActorKind";
    private const string ActorName = nameof(ActorName);
    private const string Kind = nameof(Kind);
    private const string From = nameof(From);
    private const string To = nameof(To);
    private const string Detail = nameof(Detail);

    /// <summary>The row of a command carried out: its kind is the command's name (the console's templates word it).</summary>
    public static TableEntity For(EnrolmentRecord before, EnrolmentRecord after, EnrolmentCommand command, Actor actor, DateTimeOffset at) =>
        Row(after, command.GetType().Name, actor, before.State, after.State, TimelineDetail.Of(command), at);

    /// <summary>A row for an act that is not a command on the record (a note, an offer, an email resent).</summary>
    public static TableEntity Row(EnrolmentRecord enrolment, string kind, Actor actor, EnrolmentState from, EnrolmentState to, IReadOnlyDictionary<string, string> detail, DateTimeOffset at)
    {
        var row = new TableEntity(enrolment.SessionId, Keys.Event(enrolment.Id, at))
        {
            [At] = at,
            [ActorKindColumn] = actor.Kind.ToString(),
            [Kind] = kind,
            [From] = from.ToString(),
            [To] = to.ToString(),
            [Detail] = JsonSerializer.Serialize(detail),
        };
        if (actor.Name is not null) row[ActorName] = actor.Name;
        return row;
    }

    public static async Task<List<TimelineEvent>> ReadAsync(TableClient table, EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        var prefix = Keys.EventsOf(enrolment.Id);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {enrolment.SessionId} and RowKey ge {prefix} and RowKey lt {Keys.RangeEnd(prefix)}");
        var events = new List<TimelineEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            events.Add(FromRow(row));
        return events;
    }

    public static TimelineEvent FromRow(TableEntity row) => new(
        row.GetDateTimeOffset(At) ?? DateTimeOffset.MinValue,
        new Actor(Enum.Parse<ActorKind>(row.GetString(ActorKindColumn)), row.GetString(ActorName)),
        row.GetString(Kind),
        Enum.Parse<EnrolmentState>(row.GetString(From)),
        Enum.Parse<EnrolmentState>(row.GetString(To)),
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString(Detail) ?? "{}") ?? []);
}
