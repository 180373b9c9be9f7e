using System.Globalization;
using Azure.Data.Tables;
using Monalisa.Functions.Storage;
using Monalisa.Domain.Certificates;

namespace Monalisa.Functions.Certificates;

/// <summary>
/// The key design of the Certificates table: PartitionKey = the session id, so that a document, its PDF and the email
/// that sends it are one entity-group transaction.
/// <list type="bullet">
/// <item><c>assessment|{enrolmentId}|{traineeKey}</c>: the trainee's assessment result (replaced when recorded again).</item>
/// <item><c>cert|{enrolmentId}|{traineeKey}|{kind}|v{version}</c>: a document issued from that version of the
/// attendance, with its PDF; an insert (Add), so whoever retries never issues it twice.</item>
/// <item><c>outbox|{id}</c>: the email of the documents written with them (to the trainee, and the payer's copy).</item>
/// </list>
/// </summary>
internal static class CertificateRows
{
    public const string AssessmentPrefix = "assessment|";
    public const string CertificatePrefix = "cert|";

    public const string EnrolmentId = nameof(EnrolmentId);
    public const string TraineeKey = nameof(TraineeKey);
    public const string Result = nameof(Result);
    public const string Comment = nameof(Comment);
    public const string RecordedAt = nameof(RecordedAt);
    public const string RecordedBy = nameof(RecordedBy);
    public const string Kind = nameof(Kind);
    public const string Version = nameof(Version);
    public const string Minutes = nameof(Minutes);
    public const string PlannedMinutes = nameof(PlannedMinutes);
    public const string IssuedAt = nameof(IssuedAt);
    /// <summary>When the session ended (UTC midnight of its last day): retention finds old rows without the catalogue.</summary>
    public const string SessionEnd = nameof(SessionEnd);
    public const string PdfChunks = nameof(PdfChunks);
    public const string PdfSha256 = nameof(PdfSha256);
    public const string PdfChunkPrefix = "Pdf";
    /// <summary>On an outbox row: the <c>cert|</c> rows its email attaches, separated by « ; ».</summary>
    public const string Documents = nameof(Documents);

    /// <summary>Room left for the other columns within the 1 MiB an entity may hold.</summary>
    public const int MaxPdfBytes = 900 * 1024;

    public static string Assessment(string enrolmentId, string traineeKey) => $"{AssessmentPrefix}{enrolmentId}|{traineeKey}";

    public static string Certificate(string enrolmentId, string traineeKey, CertificateKind kind, int version) =>
        $"{CertificatePrefix}{enrolmentId}|{traineeKey}|{CertificateKinds.Code(kind)}|v{version.ToString(CultureInfo.InvariantCulture)}";

    public static TableEntity AssessmentEntity(string sessionId, TraineeAssessment assessment, DateTimeOffset sessionEnd) => new(sessionId, Assessment(assessment.EnrolmentId, assessment.TraineeKey))
    {
        [SessionEnd] = sessionEnd,
        [EnrolmentId] = assessment.EnrolmentId,
        [TraineeKey] = assessment.TraineeKey,
        [Result] = TraineeAssessment.Code(assessment.Result),
        [Comment] = assessment.Comment,
        [RecordedAt] = assessment.RecordedAt,
        [RecordedBy] = assessment.RecordedBy,
    };

    public static TraineeAssessment? AssessmentOf(TableEntity row) =>
        TraineeAssessment.Parse(row.GetString(Result)) is { } result
            ? new TraineeAssessment(row.GetString(EnrolmentId), row.GetString(TraineeKey), result, row.GetString(Comment),
                row.GetDateTimeOffset(RecordedAt) ?? DateTimeOffset.MinValue, row.GetString(RecordedBy) ?? "")
            : null;

    public static TableEntity CertificateEntity(string sessionId, IssuedCertificate issued, int plannedMinutes, DateTimeOffset sessionEnd, byte[] pdf)
    {
        if (pdf.Length > MaxPdfBytes) throw new InvalidOperationException($"PDF of {pdf.Length} bytes: more than a row holds.");
        var row = new TableEntity(sessionId, Certificate(issued.EnrolmentId, issued.TraineeKey, issued.Kind, issued.Version))
        {
            [EnrolmentId] = issued.EnrolmentId,
            [TraineeKey] = issued.TraineeKey,
            [Kind] = CertificateKinds.Code(issued.Kind),
            [Version] = issued.Version,
            [Minutes] = issued.Minutes,
            [PlannedMinutes] = plannedMinutes,
            [IssuedAt] = issued.IssuedAt,
            [SessionEnd] = sessionEnd,
        };
        StoredBytes.Write(row, pdf, PdfChunkPrefix, PdfChunks, PdfSha256);
        return row;
    }

    public static IssuedCertificate IssuedOf(TableEntity row) => new(
        row.GetString(EnrolmentId), row.GetString(TraineeKey), CertificateKinds.Parse(row.GetString(Kind)) ?? CertificateKind.Realisation,
        row.GetInt32(Version) ?? 0, row.GetInt32(Minutes) ?? 0, row.GetDateTimeOffset(IssuedAt) ?? DateTimeOffset.MinValue);

    /// <summary>The PDF as stored, checked against its SHA-256.</summary>
    public static byte[] PdfOf(TableEntity row)
    {
        return StoredBytes.Read(row, PdfChunkPrefix, PdfChunks, PdfSha256);
    }
}
