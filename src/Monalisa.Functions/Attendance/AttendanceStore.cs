using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Attendance;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Attendance;

/// <summary>A session's attendance as stored: each half-day's sheet and the corrections, with the ETags to write them back.</summary>
internal sealed record StoredAttendance(
    IReadOnlyDictionary<string, (HalfDaySheet Sheet, ETag ETag)> Sheets,
    IReadOnlyList<AttendanceCorrection> Corrections,
    SessionAttendance? Summary,
    ETag? SummaryETag)
{
    public HalfDaySheet Sheet(string halfDayId) => Sheets.TryGetValue(halfDayId, out var s) ? s.Sheet : new HalfDaySheet(halfDayId);
    public ETag? ETagOf(string halfDayId) => Sheets.TryGetValue(halfDayId, out var s) ? s.ETag : null;
    public IReadOnlyList<HalfDaySheet> AllSheets => [.. Sheets.Values.Select(s => s.Sheet)];
}

/// <summary>One person's attendance of one half-day, for their personal-data export.</summary>
internal sealed record PersonAttendance(string SessionId, string HalfDayId, AttendanceSignature? Signature, AttendanceMark? Mark, HalfDayPresence? Published,
    IReadOnlyList<AttendanceCorrection> Corrections);

/// <summary>A scanned paper sheet attached to a half-day.</summary>
internal sealed record AttendanceScan(string RowKey, string HalfDayId, string ContentType, string Sha256, int Bytes, string By, DateTimeOffset At);

/// <summary>
/// The Attendance table, one partition per session (see <see cref="AttendanceKeys"/>). Every write that changes what is
/// published (a countersignature, a correction, the closing) goes with the summary row in one entity-group transaction,
/// both under If-Match: two writers never publish a summary that misses the other's change.
/// </summary>
internal sealed class AttendanceStore(TableServiceClient tables)
{
    public const string Json = nameof(Json);
    public const string ContentType = nameof(ContentType);
    public const string Sha256 = nameof(Sha256);
    public const string Chunks = nameof(Chunks);
    public const string ChunkPrefix = "Part";
    public const string Bytes = nameof(Bytes);
    public const string By = nameof(By);
    public const string At = nameof(At);
    public const string EnrolmentId = nameof(EnrolmentId);
    public const string TraineeKey = nameof(TraineeKey);
    /// <summary>Room left for the other columns within the 1 MiB an entity may hold.</summary>
    public const int MaxScanBytes = 900 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private TableClient Table => tables.GetTableClient(TableNames.Attendance);

    public async Task<StoredAttendance> LoadAsync(string sessionId, CancellationToken cancellationToken)
    {
        var sheets = new Dictionary<string, (HalfDaySheet, ETag)>(StringComparer.Ordinal);
        var corrections = new List<AttendanceCorrection>();
        SessionAttendance? summary = null;
        ETag? summaryETag = null;
        // Everything but the scans (large): correction|, halfday| and summary sort before scan|.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey lt {AttendanceKeys.ScanPrefix}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(AttendanceKeys.HalfDayPrefix, StringComparison.Ordinal))
            {
                var sheet = JsonSerializer.Deserialize<HalfDaySheet>(row.GetString(Json), Options)!;
                sheets[sheet.HalfDayId] = (sheet, row.ETag);
            }
            else if (row.RowKey.StartsWith(AttendanceKeys.CorrectionPrefix, StringComparison.Ordinal))
                corrections.Add(JsonSerializer.Deserialize<AttendanceCorrection>(row.GetString(Json), Options)!);
        }
        var summaryRow = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, AttendanceKeys.Summary, cancellationToken: cancellationToken);
        if (summaryRow.HasValue)
        {
            summary = AttendanceSummaries.From(summaryRow.Value!);
            summaryETag = summaryRow.Value!.ETag;
        }
        return new StoredAttendance(sheets, [.. corrections.OrderBy(c => c.At)], summary, summaryETag);
    }

    /// <summary>Writes a sheet that publishes nothing yet (opened, signed, marked); false when another writer came first.</summary>
    public async Task<bool> SaveSheetAsync(string sessionId, HalfDaySheet sheet, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            if (etag is { } match) await Table.UpdateEntityAsync(SheetEntity(sessionId, sheet), match, TableUpdateMode.Replace, cancellationToken);
            else await Table.AddEntityAsync(SheetEntity(sessionId, sheet), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The countersigned sheet and the summary it changes, in one transaction.</summary>
    public Task<bool> CountersignAsync(string sessionId, HalfDaySheet sheet, ETag? sheetETag, SessionAttendance summary, ETag? summaryETag, CancellationToken cancellationToken) =>
        SubmitAsync([Write(SheetEntity(sessionId, sheet), sheetETag), Write(AttendanceSummaries.Entity(summary), summaryETag)], cancellationToken);

    /// <summary>The correction's own row and the summary it changes (Version + 1), in one transaction.</summary>
    public Task<bool> CorrectAsync(string sessionId, AttendanceCorrection correction, SessionAttendance summary, ETag? summaryETag, CancellationToken cancellationToken) =>
        SubmitAsync([new TableTransactionAction(TableTransactionActionType.Add, CorrectionEntity(sessionId, correction)), Write(AttendanceSummaries.Entity(summary), summaryETag)], cancellationToken);

    public Task<bool> CloseAsync(SessionAttendance summary, ETag? summaryETag, CancellationToken cancellationToken) =>
        SubmitAsync([Write(AttendanceSummaries.Entity(summary), summaryETag)], cancellationToken);

    public async Task<AttendanceScan> AddScanAsync(string sessionId, string halfDayId, string contentType, byte[] content, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = new TableEntity(sessionId, AttendanceKeys.Scan(halfDayId, at))
        {
            [ContentType] = contentType, [Bytes] = content.Length, [By] = by, [At] = at,
        };
        StoredBytes.Write(row, content, ChunkPrefix, Chunks, Sha256);
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        return ScanOf(row);
    }

    public async Task<List<AttendanceScan>> ScansAsync(string sessionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {AttendanceKeys.ScanPrefix} and RowKey lt {Keys.RangeEnd(AttendanceKeys.ScanPrefix)}");
        var scans = new List<AttendanceScan>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey", ContentType, Sha256, Bytes, By, At], cancellationToken: cancellationToken))
            scans.Add(ScanOf(row));
        return scans;
    }

    /// <summary>A scan's bytes, checked against the SHA-256 kept when it was uploaded; null if absent.</summary>
    public async Task<(AttendanceScan Scan, byte[] Content)?> ReadScanAsync(string sessionId, string rowKey, CancellationToken cancellationToken)
    {
        if (!rowKey.StartsWith(AttendanceKeys.ScanPrefix, StringComparison.Ordinal)) return null;
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, rowKey, cancellationToken: cancellationToken);
        if (!found.HasValue) return null;
        var row = found.Value!;
        return (ScanOf(row), StoredBytes.Read(row, ChunkPrefix, Chunks, Sha256));
    }

    /// <summary>Every row of a session's attendance partition (retention deletes them when the proof period is over).</summary>
    public async Task<int> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == sessionId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            count++;
        }
        return count;
    }

    /// <summary>
    /// What a person's export lists of their attendance in a session: each half-day with their signature (time, means,
    /// hashes), the trainer's mark, what was published and the corrections, by their pseudonym in the session.
    /// </summary>
    public async Task<List<PersonAttendance>> PersonRecordsAsync(string sessionId, string enrolmentId, string traineeKey, CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(sessionId, cancellationToken);
        var published = stored.Summary?.Trainee(enrolmentId, traineeKey);
        var halfDays = stored.Sheets.Keys.Concat(stored.Corrections.Select(c => c.HalfDayId)).Distinct().Order(StringComparer.Ordinal);
        return [.. halfDays.Select(id =>
        {
            var sheet = stored.Sheet(id);
            return new PersonAttendance(sessionId, id, sheet.SignatureOf(traineeKey), sheet.MarkOf(traineeKey), published?.HalfDays.FirstOrDefault(h => h.HalfDayId == id),
                [.. stored.Corrections.Where(c => c.HalfDayId == id && c.TraineeKey == traineeKey && c.EnrolmentId == enrolmentId)]);
        }).Where(p => p.Signature is not null || p.Mark is not null || p.Published is not null || p.Corrections.Count > 0)];
    }

    /// <summary>
    /// Deletes the attendance of sessions whose last half-day is before <paramref name="cutoff"/> (retention: the proof is
    /// kept as long as the supporting documents of a training action, then goes whole, scans included).
    /// </summary>
    public async Task<int> PurgeEndedBeforeAsync(DateOnly cutoff, CancellationToken cancellationToken)
    {
        var sessions = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.RowKey == AttendanceKeys.Summary, cancellationToken: cancellationToken))
        {
            var summary = AttendanceSummaries.From(row);
            if (summary.HalfDays.Count > 0 && summary.HalfDays.Max(h => h.Date) < cutoff) sessions.Add(summary.SessionId);
        }
        var deleted = 0;
        foreach (var sessionId in sessions) deleted += await DeleteSessionAsync(sessionId, cancellationToken);
        return deleted;
    }

    private static AttendanceScan ScanOf(TableEntity row)
    {
        var parts = row.RowKey.Split('|');
        return new AttendanceScan(row.RowKey, parts.Length > 1 ? parts[1] : "", row.GetString(ContentType) ?? "", row.GetString(Sha256) ?? "",
            row.GetInt32(Bytes) ?? 0, row.GetString(By) ?? "", row.GetDateTimeOffset(At) ?? DateTimeOffset.MinValue);
    }

    private async Task<bool> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableTransactionAction Write(TableEntity entity, ETag? etag) => etag is { } match
        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, match)
        : new TableTransactionAction(TableTransactionActionType.Add, entity);

    private static TableEntity SheetEntity(string sessionId, HalfDaySheet sheet) =>
        new(sessionId, AttendanceKeys.HalfDay(sheet.HalfDayId)) { [Json] = JsonSerializer.Serialize(sheet, Options) };

    private static TableEntity CorrectionEntity(string sessionId, AttendanceCorrection correction) =>
        new(sessionId, AttendanceKeys.Correction(correction.HalfDayId, correction.At))
        {
            [Json] = JsonSerializer.Serialize(correction, Options), [EnrolmentId] = correction.EnrolmentId, [TraineeKey] = correction.TraineeKey,
        };
}
