using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Invoicing;

/// <summary>
/// The Ledger table's columns (keys: <see cref="LedgerKeys"/>). A <c>doc|</c> row holds the model as JSON and the PDF
/// in binary columns of at most 64 KiB each (Table Storage's limit for one property; an entity holds 1 MiB in all),
/// with its SHA-256 so that a copy read back can be checked against what was sent.
/// </summary>
internal static class LedgerEntities
{
    public const string Last = nameof(Last);
    public const string Number = nameof(Number);
    public const string Kind = nameof(Kind);
    public const string EnrolmentId = nameof(EnrolmentId);
    public const string Index = nameof(Index);
    public const string IssuedAt = nameof(IssuedAt);
    public const string GrossCents = nameof(GrossCents);
    public const string Model = nameof(Model);
    public const string PdfChunks = nameof(PdfChunks);
    public const string PdfSha256 = nameof(PdfSha256);
    public const string PdfChunkPrefix = "Pdf";
    /// <summary>The chorus| row's status column (a <see cref="ChorusStatus"/> name), shared with the ChorusPro feature.</summary>
    public const string Status = nameof(Status);
    public const string UpdatedAt = nameof(UpdatedAt);

    /// <summary>Room left for the other columns within the 1 MiB an entity may hold.</summary>
    public const int MaxPdfBytes = 900 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static TableEntity Counter(string prefix, int year, long last) =>
        new(LedgerKeys.Partition, LedgerKeys.Counter(prefix, year)) { [Last] = last };

    public static TableEntity Document(BillingDocument document, int index, byte[] pdf, DateTimeOffset issuedAt)
    {
        if (pdf.Length > MaxPdfBytes) throw new InvalidOperationException($"PDF of {pdf.Length} bytes: more than a ledger row holds.");
        var row = new TableEntity(LedgerKeys.Partition, LedgerKeys.Document(document.Number))
        {
            [Number] = document.Number,
            [Kind] = document.Kind.ToString(),
            [EnrolmentId] = document.EnrolmentId,
            [Index] = index,
            [IssuedAt] = issuedAt,
            [GrossCents] = document.Totals.GrossCents,
            [Model] = JsonSerializer.Serialize(document, Json),
        };
        StoredBytes.Write(row, pdf, PdfChunkPrefix, PdfChunks, PdfSha256);
        return row;
    }

    public static TableEntity For(string enrolmentId, int index, string number) =>
        new(LedgerKeys.Partition, LedgerKeys.For(enrolmentId, index)) { [Number] = number };

    public static TableEntity Chorus(string number, DateTimeOffset now) =>
        new(LedgerKeys.Partition, LedgerKeys.Chorus(number)) { [Status] = nameof(ChorusStatus.ToDeposit), [UpdatedAt] = now };

    public static BillingDocument ModelOf(TableEntity row) => JsonSerializer.Deserialize<BillingDocument>(row.GetString(Model), Json)!;

    public static LedgerDocument Read(TableEntity row)
    {
        var pdf = StoredBytes.Read(row, PdfChunkPrefix, PdfChunks, PdfSha256);
        return new LedgerDocument(ModelOf(row), pdf, row.GetDateTimeOffset(IssuedAt) ?? DateTimeOffset.MinValue);
    }

    public static IssuedDocument Issued(TableEntity row) => new(
        row.GetInt32(Index) ?? 0,
        Enum.Parse<DocumentKind>(row.GetString(Kind)),
        row.GetString(Number),
        row.GetInt64(GrossCents) ?? 0,
        row.GetDateTimeOffset(IssuedAt) ?? DateTimeOffset.MinValue);
}
