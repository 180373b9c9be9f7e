using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Surveys;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Surveys;

/// <summary>
/// The key design of the Surveys table. PartitionKey = the session id (the employers' questionnaire: <c>employeur-{year}</c>),
/// so that an invitation and its email are one entity-group transaction.
/// <list type="bullet">
/// <item><c>invitation|{survey}|{respondentKey}</c>: the questionnaire was sent (an insert: exactly once), with the
/// enrolment and trainee index the email reads its address from when sent. No name, no address.</item>
/// <item><c>reminder|{survey}|{respondentKey}</c>: its one reminder (an insert too).</item>
/// <item><c>answer|{survey}|{respondentKey}</c>: the answer (an insert: a second answer fails and is refused).</item>
/// <item><c>outbox|{id}</c>: the invitation's or reminder's email.</item>
/// </list>
/// The respondent key is the trainee's pseudonym (Enrolment/TraineeLocks.TraineeKey), for an organisation the same keyed
/// hash of the payer's address.
/// </summary>
internal static class SurveyKeys
{
    public const string InvitationPrefix = "invitation|";
    public const string ReminderPrefix = "reminder|";
    public const string AnswerPrefix = "answer|";
    public const string EmployerPartitionPrefix = "employeur-";

    public static string Invitation(SurveyKind kind, string respondentKey) => $"{InvitationPrefix}{Questionnaire.Key(kind)}|{respondentKey}";
    public static string Reminder(SurveyKind kind, string respondentKey) => $"{ReminderPrefix}{Questionnaire.Key(kind)}|{respondentKey}";
    public static string Answer(SurveyKind kind, string respondentKey) => $"{AnswerPrefix}{Questionnaire.Key(kind)}|{respondentKey}";
    public static string EmployerPartition(int year) => EmployerPartitionPrefix + year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>(survey, respondent key) of an invitation, reminder or answer row key.</summary>
    public static (SurveyKind Kind, string RespondentKey)? Parse(string rowKey)
    {
        var parts = rowKey.Split('|');
        return parts.Length == 3 && Questionnaire.Parse(parts[1]) is { } kind ? (kind, parts[2]) : null;
    }
}

/// <summary>Who an invitation goes to: the enrolment the address is read from when the email is sent, and the trainee's index (none: the payer).</summary>
internal sealed record SurveyRecipient(string RespondentKey, string EnrolmentId, int? TraineeIndex);

/// <summary>An answer as stored, with what dates it.</summary>
internal sealed record StoredAnswer(string Partition, SurveyKind Kind, string RespondentKey, string CourseSlug, DateOnly SessionStart, DateOnly SessionEnd,
    DateTimeOffset AnsweredAt, SurveyAnswer Answer)
{
    public DatedAnswer Dated => new(Partition, CourseSlug, SessionStart, SessionEnd, Answer);
}

/// <summary>What the session's questionnaires are about, stored with each answer so that published figures need no catalogue.</summary>
internal sealed record SurveySubject(string CourseSlug, DateOnly SessionStart, DateOnly SessionEnd);

internal sealed class SurveyStore(TableServiceClient tables, StorageSetup storage, OutboxDispatcher dispatcher)
{
    public const string EnrolmentId = nameof(EnrolmentId);
    public const string TraineeIndex = nameof(TraineeIndex);
    public const string At = nameof(At);
    public const string Scores = nameof(Scores);
    public const string Comment = nameof(Comment);
    public const string CourseSlug = nameof(CourseSlug);
    public const string SessionStart = nameof(SessionStart);
    public const string SessionEnd = nameof(SessionEnd);
    /// <summary>On an outbox row: the questionnaire it invites to (its email kind says invitation or reminder).</summary>
    public const string Survey = nameof(Survey);

    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Surveys);
    }

    /// <summary>Every row of a partition but the outbox's (a session's questionnaires: a few hundred rows at most).</summary>
    public async Task<List<TableEntity>> PartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var row in (await TableAsync()).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            if (!row.RowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal)) rows.Add(row);
        return rows;
    }

    public async Task<TableEntity?> GetAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var row = await (await TableAsync()).GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Records that <paramref name="kind"/> was sent (or, with <paramref name="reminder"/>, its reminder), with its email,
    /// in one transaction. False if it was already recorded: another run sent it.
    /// </summary>
    public async Task<bool> SendAsync(string partition, SurveyKind kind, SurveyRecipient recipient, bool reminder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rowKey = reminder ? SurveyKeys.Reminder(kind, recipient.RespondentKey) : SurveyKeys.Invitation(kind, recipient.RespondentKey);
        var row = new TableEntity(partition, rowKey) { [EnrolmentId] = recipient.EnrolmentId, [TraineeIndex] = recipient.TraineeIndex, [At] = now };
        var emailKind = reminder ? EmailKind.SurveyReminder : InvitationKind(kind);
        var role = recipient.TraineeIndex is null ? RecipientRole.Payer : RecipientRole.Trainee;
        var outbox = OutboxRecord.Create(partition, Keys.EnrolmentPrefix + recipient.EnrolmentId, emailKind, role, now, recipient.TraineeIndex);
        outbox[Survey] = Questionnaire.Key(kind);
        try
        {
            await (await TableAsync()).SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, outbox)], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false;
        }
        await dispatcher.EnqueueAsync(TableNames.Surveys, [outbox], cancellationToken);
        return true;
    }

    public static string InvitationKind(SurveyKind kind) => kind switch
    {
        SurveyKind.Positioning => EmailKind.SurveyPositioning,
        SurveyKind.Hot => EmailKind.SurveyHot,
        SurveyKind.Cold => EmailKind.SurveyCold,
        _ => EmailKind.SurveyEmployer,
    };

    /// <summary>Stores the answer (an insert). False if this respondent had already answered: the first answer stays.</summary>
    public async Task<bool> AnswerAsync(string partition, SurveyKind kind, string respondentKey, SurveySubject subject, SurveyAnswer answer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = new TableEntity(partition, SurveyKeys.Answer(kind, respondentKey))
        {
            [Scores] = JsonSerializer.Serialize(answer.Scores),
            [Comment] = answer.Comment,
            [At] = now,
            [CourseSlug] = subject.CourseSlug,
            [SessionStart] = subject.SessionStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [SessionEnd] = subject.SessionEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        try
        {
            await (await TableAsync()).AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Every stored answer of <paramref name="kind"/>, in every partition.</summary>
    public async Task<List<StoredAnswer>> AnswersAsync(SurveyKind kind, CancellationToken cancellationToken)
    {
        var prefix = $"{SurveyKeys.AnswerPrefix}{Questionnaire.Key(kind)}|";
        var filter = TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {Keys.RangeEnd(prefix)}");
        var answers = new List<StoredAnswer>();
        await foreach (var row in (await TableAsync()).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            if (AnswerOf(row) is { } answer) answers.Add(answer);
        return answers;
    }

    public static StoredAnswer? AnswerOf(TableEntity row)
    {
        if (!row.RowKey.StartsWith(SurveyKeys.AnswerPrefix, StringComparison.Ordinal) || SurveyKeys.Parse(row.RowKey) is not { } key) return null;
        var scores = JsonSerializer.Deserialize<Dictionary<string, int>>(row.GetString(Scores) ?? "{}") ?? [];
        return new StoredAnswer(row.PartitionKey, key.Kind, key.RespondentKey, row.GetString(CourseSlug) ?? "",
            DateOnly.ParseExact(row.GetString(SessionStart) ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(row.GetString(SessionEnd) ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            row.GetDateTimeOffset(At) ?? DateTimeOffset.MinValue, new SurveyAnswer(scores, row.GetString(Comment)));
    }

    /// <summary>The invitations sent to a respondent key, in every partition (the person's data export).</summary>
    public async Task<List<(string Partition, SurveyKind Kind, DateTimeOffset At, bool Answered)>> SentToAsync(string respondentKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var found = new List<(string, SurveyKind, DateTimeOffset, bool)>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {SurveyKeys.InvitationPrefix} and RowKey lt {Keys.RangeEnd(SurveyKeys.InvitationPrefix)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", At], cancellationToken: cancellationToken))
        {
            if (SurveyKeys.Parse(row.RowKey) is not { } key || key.RespondentKey != respondentKey) continue;
            var answered = (await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, SurveyKeys.Answer(key.Kind, respondentKey), ["RowKey"], cancellationToken)).HasValue;
            found.Add((row.PartitionKey, key.Kind, row.GetDateTimeOffset(At) ?? DateTimeOffset.MinValue, answered));
        }
        return found;
    }

    /// <summary>
    /// Deletes the answers of a respondent (erasure, article 17): their free text may name them. Invitations stay (a
    /// pseudonym and an enrolment id, so that the timer does not ask again); the anonymised enrolment sends nothing more.
    /// </summary>
    public async Task<int> EraseAnswersAsync(string respondentKey, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {SurveyKeys.AnswerPrefix} and RowKey lt {Keys.RangeEnd(SurveyKeys.AnswerPrefix)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (SurveyKeys.Parse(row.RowKey) is not { } key || key.RespondentKey != respondentKey) continue;
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }
        return deleted;
    }

    /// <summary>Deletes invitations, reminders, answers and their emails written before <paramref name="cutoff"/> (retention).</summary>
    public async Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter($"Timestamp lt {cutoff}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", At, OutboxRecord.CreatedAt], cancellationToken: cancellationToken))
        {
            // Timestamp is the last write; the row's own date decides (a late status update must not keep it longer).
            var written = row.GetDateTimeOffset(At) ?? row.GetDateTimeOffset(OutboxRecord.CreatedAt);
            if (written is null || written >= cutoff) continue;
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }
        return deleted;
    }
}
