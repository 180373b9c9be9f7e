using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Content.Text;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Text;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Documents;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Attendance;

/// <summary>
/// The sheets: the printable PDF of the session's attendance, and the paper fallback (staff attach the scanned,
/// hand-signed sheet of a half-day, and download it again).
/// </summary>
internal sealed partial class AttendanceConsole
{
    public const string FileField = "file";
    private static readonly string[] ScanTypes = ["application/pdf", "image/png", "image/jpeg"];
    private const string TooLarge = "Le fichier dépasse 900 Ko : numérisez la feuille en 150 ppp, en noir et blanc, ou en PDF compressé.";

    /// <summary>The printable sheet of the session (every half-day, countersignatures and corrections).</summary>
    [Function("AttendanceSheetPdf")]
    public async Task<IActionResult> SheetPdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/emargement/pdf")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (await desk.SessionAsync(sessionId, cancellationToken) is not { } session) return NotFound(member);
        var stored = await desk.LoadAsync(sessionId, cancellationToken);
        var now = desk.Now;
        var markdown = AttendanceWriter.Sheet(session.Course, session.Session, session.HalfDays, session.Trainees, stored.AllSheets, stored.Corrections, now);
        var bytes = pdf.Write(markdown, new PdfProperties($"Feuille d'émargement — {session.Course.Title}", $"Session {sessionId}", now));
        return new FileDownload(bytes, "application/pdf", AttendancePaths.PdfFileName(sessionId));
    }

    /// <summary>Staff attach a scanned paper sheet (PDF, PNG or JPEG, 900 KiB at most) to a half-day: a multipart form, field <c>file</c>.</summary>
    [Function("AttendanceScanUpload")]
    public async Task<IActionResult> UploadScan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "equipe/sessions/{sessionId}/emargement/{halfDayId}/scans")] HttpRequest request,
        string sessionId, string halfDayId, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        var back = AttendancePaths.HalfDay(sessionId, halfDayId);
        if (await desk.SessionAsync(sessionId, cancellationToken) is not { } session || HalfDay.Find(session.HalfDays, halfDayId) is not { } halfDay)
            return Reply(request, AttendancePaths.Session(sessionId), "", SessionMissing());
        if (request.ContentLength > AttendanceStore.MaxScanBytes + 16 * 1024)
            return Reply(request, back, "", Problems.TooLarge(TooLarge));
        if (!request.HasFormContentType || !(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return Reply(request, back, "", Problems.UnsupportedMediaType("Envoyez la feuille numérisée avec le formulaire (multipart/form-data, champ « file »)."));
        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files[FileField] is not { Length: > 0 } file)
            return Reply(request, back, "", Problems.Validation(FileField, "Choisissez le fichier de la feuille numérisée (PDF, PNG ou JPEG)."));
        if (file.Length > AttendanceStore.MaxScanBytes)
            return Reply(request, back, "", Problems.Validation(FileField, TooLarge));
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (Sniff(bytes) is not { } type || !ScanTypes.Contains(type))
            return Reply(request, back, "", Problems.Validation(FileField, "Seuls les fichiers PDF, PNG ou JPEG sont acceptés."));
        await store.AddScanAsync(sessionId, halfDay.Id, type, bytes, member.Name, desk.Now, cancellationToken);
        return Reply(request, back, "feuille-jointe", null);
    }

    [Function("AttendanceScanDownload")]
    public async Task<IActionResult> DownloadScan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/emargement/{halfDayId}/scans/{ticks}")] HttpRequest request,
        string sessionId, string halfDayId, string ticks, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed) return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        if (!long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            || await store.ReadScanAsync(sessionId, $"{AttendanceKeys.ScanPrefix}{halfDayId}|{at.ToString("D19", CultureInfo.InvariantCulture)}", cancellationToken) is not { } scan)
            return ApiResults.Problem(Problems.NotFound("Aucune feuille numérisée à cette adresse.")).ToActionResult();
        var extension = scan.Scan.ContentType switch { "application/pdf" => "pdf", "image/png" => "png", _ => "jpg" };
        return new FileDownload(scan.Content, scan.Scan.ContentType, $"feuille-{halfDayId}-{ticks}.{extension}");
    }

    /// <summary>The type the bytes say, whatever the upload claimed.</summary>
    private static string? Sniff(byte[] bytes) =>
        bytes.AsSpan().StartsWith("%PDF-"u8) ? "application/pdf"
        : bytes.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? "image/png"
        : bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) ? "image/jpeg"
        : null;
}
