using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Attendance;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Attendance;

/// <summary>
/// The published attendance of a session (<see cref="SessionAttendance"/>), one <c>summary</c> row in the session's
/// partition of the Attendance table. Attendance writes it in the same transaction as the countersignature or the
/// correction that changes it (<see cref="Entity"/>); Certificates and the BPF only read it.
/// </summary>
internal sealed class AttendanceSummaries(TableServiceClient tables)
{
    public const string Json = nameof(Json);
    public const string Version = nameof(Version);
    public const string ClosedAt = nameof(ClosedAt);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private TableClient Table => tables.GetTableClient(TableNames.Attendance);

    public async Task<SessionAttendance?> ReadAsync(string sessionId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(sessionId, AttendanceKeys.Summary, cancellationToken: cancellationToken);
        return row.HasValue ? From(row.Value!) : null;
    }

    /// <summary>Every session with a summary (the BPF reads a year's; the certificate sweep the closed ones).</summary>
    public async Task<List<SessionAttendance>> AllAsync(CancellationToken cancellationToken)
    {
        var all = new List<SessionAttendance>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.RowKey == AttendanceKeys.Summary, cancellationToken: cancellationToken))
            all.Add(From(row));
        return all;
    }

    /// <summary>The row to write in the transaction that changes the summary (upsert: it replaces the previous version).</summary>
    public static TableEntity Entity(SessionAttendance summary) => new(summary.SessionId, AttendanceKeys.Summary)
    {
        [Json] = JsonSerializer.Serialize(summary, Options),
        [Version] = summary.Version,
        [ClosedAt] = summary.ClosedAt,
    };

    /// <summary>Writes the summary alone (tests and tools); the Attendance feature writes it inside its transactions.</summary>
    public Task WriteAsync(SessionAttendance summary, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(Entity(summary), TableUpdateMode.Replace, cancellationToken);

    public static SessionAttendance From(TableEntity row) =>
        JsonSerializer.Deserialize<SessionAttendance>(row.GetString(Json), Options)
        ?? throw new RequestFailedException($"Attendance summary of {row.PartitionKey} is empty.");
}
