using Azure.Data.Tables;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Staff;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Staff.Console;

/// <summary>An enrolment with everything its console page shows: its session, its timeline.</summary>
internal sealed record EnrolmentFile(EnrolmentRecord Record, Course? Course, CourseSession? Session, IReadOnlyList<TimelineEntry> Timeline);

/// <summary>A session an enrolment may be moved to.</summary>
internal sealed record SessionChoice(string Id, string CourseTitle, CourseSession Session);

/// <summary>A session with its enrolments and its figures.</summary>
internal sealed record SessionFile(Course Course, CourseSession Session, IReadOnlyList<EnrolmentRecord> Enrolments, SessionRow Row);

/// <summary>
/// Loads the rows the console's pages show. It counts nothing itself: the figures are <see cref="SessionFigures"/>'
/// (Domain/Staff), from the enrolment records and the number of failed outbox rows of each session's partition.
/// </summary>
internal sealed class ConsoleReadModel(
    EnrolmentStore enrolments, TableServiceClient tables, StorageSetup storage, CourseCatalogue catalogue, EnrolmentOptions options, TimeProvider clock)
{
    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Enrolments);
    }

    /// <summary>Every session of the catalogue, soonest first, with its figures.</summary>
    public async Task<List<SessionRow>> DashboardAsync(CancellationToken cancellationToken)
    {
        var sessions = catalogue.Courses.SelectMany(c => c.Sessions.Select(s => (Course: c, Session: s))).OrderBy(x => x.Session.Start).ThenBy(x => x.Session.Id, StringComparer.Ordinal);
        // One session's rows at a time per partition, all sessions at once: a dashboard of a few sessions answers in one round trip's time.
        var rows = await Task.WhenAll(sessions.Select(async x => (await LoadAsync(x.Course, x.Session, cancellationToken)).Row));
        return [.. rows];
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Today in Paris, as a date field's value (yyyy-MM-dd).</summary>
    public string Today => ParisTime.Today(clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The sessions trainees can be moved to: the catalogue's others that have not started.</summary>
    public List<SessionChoice> OtherSessions(string sessionId)
    {
        var today = ParisTime.Today(clock);
        return [.. catalogue.Courses.SelectMany(c => c.Sessions.Select(s => new SessionChoice(s.Id, c.Title, s)))
            .Where(x => x.Id != sessionId && x.Session.Start > today).OrderBy(x => x.Session.Start)];
    }

    /// <summary>Null when the catalogue has no such session.</summary>
    public async Task<SessionFile?> SessionAsync(string sessionId, CancellationToken cancellationToken) =>
        catalogue.FindSession(sessionId) is { } found ? await LoadAsync(found.Course, found.Session, cancellationToken) : null;

    private async Task<SessionFile> LoadAsync(Course course, CourseSession session, CancellationToken cancellationToken)
    {
        var records = enrolments.ForSessionAsync(session.Id, cancellationToken);
        var failed = FailedEmailsAsync(session.Id, cancellationToken);
        var all = await records;
        var figures = SessionFigures.Of(all, await failed, clock.GetUtcNow(), options.Holds);
        var byId = all.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var row = new SessionRow(session.Id, course.Title, session, figures, [.. figures.Decisions.Select(d => DecisionView.Of(d, byId[d.EnrolmentId]))]);
        return new SessionFile(course, session, all, row);
    }

    /// <summary>Outbox rows of the session's partition whose sending failed for good.</summary>
    private async Task<int> FailedEmailsAsync(string sessionId, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and RowKey ge {Keys.OutboxPrefix} and RowKey lt {Keys.RangeEnd(Keys.OutboxPrefix)} and Status eq {OutboxRecord.Failed}"),
            select: [OutboxRecord.Status], cancellationToken: cancellationToken))
            count++;
        return count;
    }

    /// <summary>Null when no enrolment has this id.</summary>
    public async Task<EnrolmentFile?> EnrolmentAsync(string enrolmentId, CancellationToken cancellationToken)
    {
        if (await enrolments.GetAsync(enrolmentId, cancellationToken) is not { } record) return null;
        var found = catalogue.FindSession(record.SessionId);
        var events = enrolments.TimelineAsync(record, cancellationToken);
        var emails = EmailsAsync(record, cancellationToken);
        var refunds = RefundsAsync(record, cancellationToken);

        var timeline = new List<TimelineEntry>
        {
            new(record.CreatedAt, "created", record.PaymentMethod.ToString(), "Payer", null, null, null, new Dictionary<string, string>()),
        };
        timeline.AddRange((await events).Select(e => new TimelineEntry(
            e.At, "event", e.Kind, e.Actor.Kind.ToString(), e.Actor.Name, e.From.ToString(), e.To.ToString(), e.Detail)));
        timeline.AddRange(await emails);
        timeline.AddRange(await refunds);
        // Same instant: the creation first, then the acts, then the emails and refunds they called for.
        return new EnrolmentFile(record, found?.Course, found?.Session,
            [.. timeline.Select((entry, i) => (entry, i)).OrderBy(x => x.entry.At).ThenBy(x => x.i).Select(x => x.entry)]);
    }

    /// <summary>The outbox rows about this enrolment (column Subject = its RowKey): what was sent, to whom, and how it went.</summary>
    private async Task<List<TimelineEntry>> EmailsAsync(EnrolmentRecord record, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var entries = new List<TimelineEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {record.SessionId} and RowKey ge {Keys.OutboxPrefix} and RowKey lt {Keys.RangeEnd(Keys.OutboxPrefix)} and Subject eq {EnrolmentEntityMapping.RowKey(record)}"),
            cancellationToken: cancellationToken))
        {
            var status = row.GetString(OutboxRecord.Status) ?? OutboxRecord.Pending;
            var detail = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["role"] = row.GetString(OutboxRecord.Role) ?? "",
                ["status"] = status,
            };
            if (row.GetInt32(OutboxRecord.TraineeIndex) is { } index && index >= 0 && index < record.Trainees.Count)
                detail["trainee"] = $"{record.Trainees[index].FirstName} {record.Trainees[index].LastName}";
            var created = row.GetDateTimeOffset(OutboxRecord.CreatedAt) ?? row.Timestamp ?? record.CreatedAt;
            if (row.GetDateTimeOffset(OutboxRecord.SentAt) is { } sentAt) detail["sentAt"] = Monalisa.Domain.Text.FrenchFormat.DateTime(sentAt);
            entries.Add(new TimelineEntry(created, "email", row.GetString(OutboxRecord.Kind) ?? "", "System", null, null, null, detail));
        }
        return entries;
    }

    /// <summary>The refund rows of this enrolment (refund|…, column EnrolmentId): asked of Stripe once, then done.</summary>
    private async Task<List<TimelineEntry>> RefundsAsync(EnrolmentRecord record, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var entries = new List<TimelineEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {record.SessionId} and RowKey ge {Keys.RefundPrefix} and RowKey lt {Keys.RangeEnd(Keys.RefundPrefix)} and EnrolmentId eq {record.Id}"),
            cancellationToken: cancellationToken))
        {
            var detail = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["status"] = row.GetString(RefundColumns.Status) ?? "",
                ["amountCents"] = (row.GetInt64(RefundColumns.AmountCents) ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            entries.Add(new TimelineEntry(row.GetDateTimeOffset(RefundColumns.CreatedAt) ?? row.Timestamp ?? record.UpdatedAt, "refund", "refund", "Stripe", null, null, null, detail));
        }
        return entries;
    }
}
