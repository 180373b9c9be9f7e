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
/// The trainer's and staff's attendance pages: a session's half-days (open, close the session, print the sheet), a
/// half-day (the room's code, the trainees, marks, signing on the trainer's device, the countersignature), and staff's
/// corrections and paper scans. Trainers (role <c>trainer</c>) reach these pages and nothing else of the console; staff
/// reach everything. Forms work without script (303 back to the page); JSON clients get problem+json.
/// </summary>
internal sealed partial class AttendanceConsole(StaffAccess access, AttendanceDesk desk, AttendanceStore store, IPdfWriter pdf, EnrolmentOptions options)
{
    public const string ActionField = "action";
    public const string HalfDayField = AttendanceDecisions.HalfDayField;
    public const string TraineeField = AttendanceDecisions.TraineeField;
    public const string KindField = AttendanceDecisions.KindField;
    public const string TimeField = AttendanceDecisions.TimeField;
    public const string ReasonField = AttendanceDecisions.ReasonField;
    public const string TrainerField = AttendanceDecisions.TrainerField;
    public const string StatementField = AttendanceDecisions.StatementField;

    [Function("AttendanceSession")]
    public async Task<IActionResult> SessionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/emargement")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (await desk.SessionAsync(sessionId, cancellationToken) is not { } session) return NotFound(member);
        var stored = await desk.LoadAsync(sessionId, cancellationToken);
        var summary = stored.Summary;
        return Page("equipe-emargement", $"Émargement, session de {session.Session.City}", member, new()
        {
            ["course_title"] = session.Course.Title,
            ["session"] = session.Session,
            ["trainee_count"] = session.Trainees.Count,
            ["half_days"] = session.HalfDays.Select(h => HalfDayLine(session, h, stored.Sheet(h.Id))).ToList(),
            ["closed_at"] = summary?.ClosedAt,
            ["version"] = summary?.Version,
            ["can_close"] = summary is not { Closed: true } && session.HalfDays.All(h => stored.Sheet(h.Id).Frozen),
            ["action_url"] = AttendancePaths.Session(sessionId),
            ["pdf_url"] = AttendancePaths.Pdf(sessionId),
            ["staff"] = member.Has(StaffRoles.Staff),
            ["session_url"] = member.Has(StaffRoles.Staff) ? AttendancePaths.ConsoleSession(sessionId) : null,
            ["done"] = Done(request),
        });
    }

    /// <summary>Opens a half-day (<c>action=ouvrir</c>, <c>halfDay</c>) or closes the session (<c>action=clore</c>).</summary>
    [Function("AttendanceSessionAction")]
    public async Task<IActionResult> SessionAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "equipe/sessions/{sessionId}/emargement")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var back = AttendancePaths.Session(sessionId);
        if (await desk.SessionAsync(sessionId, cancellationToken) is not { } session) return Reply(request, back, "", SessionMissing());
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Reply(request, back, "", rejected.Problem);
        using var fields = FieldSource.Of(body);
        var action = fields.Text(ActionField);
        if (action == "clore")
            return Reply(request, back, "session-close", Problem(await desk.CloseAsync(session, cancellationToken)));
        if (action != "ouvrir") return Reply(request, back, "", Problems.Validation(ActionField, "Action inconnue : « ouvrir » une demi-journée ou « clore » la session."));
        if (HalfDay.Find(session.HalfDays, fields.Text(HalfDayField)) is not { } halfDay)
            return Reply(request, back, "", Problems.Validation(HalfDayField, "Choisissez une demi-journée de la session."));
        var result = await desk.OpenAsync(session, halfDay, member.Name, cancellationToken);
        return Reply(request, result.Refused ? back : AttendancePaths.HalfDay(sessionId, halfDay.Id), "demi-journee-ouverte", Problem(result));
    }

    [Function("AttendanceHalfDay")]
    public async Task<IActionResult> HalfDayPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/emargement/{halfDayId}")] HttpRequest request,
        string sessionId, string halfDayId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (await desk.SessionAsync(sessionId, cancellationToken) is not { } session || HalfDay.Find(session.HalfDays, halfDayId) is not { } halfDay) return NotFound(member);
        var stored = await desk.LoadAsync(sessionId, cancellationToken);
        var sheet = stored.Sheet(halfDay.Id);
        var staff = member.Has(StaffRoles.Staff);
        var summary = stored.Summary?.Trainees;
        return Page("equipe-emargement-demi-journee", $"Émargement du {FrenchFormat.Date(halfDay.Date)} ({halfDay.PartLabel})", member, new()
        {
            ["course_title"] = session.Course.Title,
            ["session"] = session.Session,
            ["half_day"] = HalfDayLine(session, halfDay, sheet),
            ["code"] = sheet.OpenForSigning && desk.Now <= halfDay.EndsAt + AttendanceDecisions.Margin ? Spaced(AttendanceCode.At(sheet.Secret!, desk.Now)) : null,
            ["code_url"] = AttendancePaths.Code(sessionId, halfDay.Id),
            ["trainees"] = session.Trainees.Select(t =>
            {
                var signature = sheet.SignatureOf(t.TraineeKey);
                var mark = sheet.MarkOf(t.TraineeKey);
                var counted = summary?.FirstOrDefault(s => s.TraineeKey == t.TraineeKey && s.EnrolmentId == t.EnrolmentId)?.HalfDays.FirstOrDefault(p => p.HalfDayId == halfDay.Id);
                return new
                {
                    t.TraineeKey,
                    t.FullName,
                    Signed = signature is not null,
                    SignedAt = signature?.SignedAt,
                    Means = signature?.Means.ToString(),
                    Mark = mark?.Kind.ToString(),
                    MarkTime = mark?.Time is { } time ? FrenchFormat.Time(time) : null,
                    // What an <input type="time"> reads back.
                    MarkTimeValue = mark?.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
                    Statement = AttendanceDesk.StatementOf(session, halfDay, t),
                    Counted = counted?.Kind.ToString(),
                    CountedDuration = counted is null ? null : FrenchFormat.Duration(counted.Minutes),
                    Corrected = counted?.Corrected ?? false,
                };
            }).ToList(),
            ["corrections"] = stored.Corrections.Where(c => c.HalfDayId == halfDay.Id).Select(c => new
            {
                Name = session.Trainee(c.TraineeKey)?.FullName ?? "(stagiaire retiré·e)", Kind = c.Kind.ToString(),
                Time = c.Time is { } time ? FrenchFormat.Time(time) : null, c.Reason, c.By, c.At,
            }).ToList(),
            ["scans"] = staff ? (await store.ScansAsync(sessionId, cancellationToken)).Where(s => s.HalfDayId == halfDay.Id)
                .Select(s => new { s.ContentType, s.Bytes, s.By, s.At, Sha = s.Sha256[..12], Url = AttendancePaths.Scan(sessionId, halfDay.Id, s.RowKey) }).ToList() : null,
            ["staff"] = staff,
            ["trainer"] = member.Has(StaffRoles.Trainer),
            ["action_url"] = AttendancePaths.HalfDay(sessionId, halfDay.Id),
            ["scan_url"] = AttendancePaths.Scans(sessionId, halfDay.Id),
            ["session_url"] = AttendancePaths.Session(sessionId),
            ["reason_max"] = AttendanceDecisions.ReasonMaxLength,
            ["paper_reason"] = AttendanceCorrection.PaperSheet,
            ["done"] = Done(request),
        });
    }

    /// <summary>The room's code as it is now (JSON for the page's script; a bare page without script).</summary>
    [Function("AttendanceCode")]
    public async Task<IActionResult> Code(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/emargement/{halfDayId}/code")] HttpRequest request,
        string sessionId, string halfDayId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (await desk.SessionAsync(sessionId, cancellationToken) is not { } session || HalfDay.Find(session.HalfDays, halfDayId) is not { } halfDay) return NotFound(member);
        var sheet = (await desk.LoadAsync(sessionId, cancellationToken)).Sheet(halfDay.Id);
        var now = desk.Now;
        var code = sheet.OpenForSigning && now <= halfDay.EndsAt + AttendanceDecisions.Margin ? AttendanceCode.At(sheet.Secret!, now) : null;
        return TypedResults.Ok(new { code = code is null ? null : Spaced(code), changesAt = code is null ? (DateTimeOffset?)null : AttendanceCode.NextChange(now) }).ToActionResult();
    }

    /// <summary>
    /// On a half-day: <c>action=marquer</c> (trainee, kind, time), <c>action=signer</c> (a trainee signs on the trainer's
    /// device: trainee, statement), <c>action=contresigner</c> (trainer: the name on a paper sheet, when staff do it),
    /// <c>action=corriger</c> (staff only: trainee, kind, time, reason).
    /// </summary>
    [Function("AttendanceHalfDayAction")]
    public async Task<IActionResult> HalfDayAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "equipe/sessions/{sessionId}/emargement/{halfDayId}")] HttpRequest request,
        string sessionId, string halfDayId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var back = AttendancePaths.HalfDay(sessionId, halfDayId);
        if (await desk.SessionAsync(sessionId, cancellationToken) is not { } session || HalfDay.Find(session.HalfDays, halfDayId) is not { } halfDay)
            return Reply(request, AttendancePaths.Session(sessionId), "", SessionMissing());
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Reply(request, back, "", rejected.Problem);
        using var fields = FieldSource.Of(body);
        var action = fields.Text(ActionField);
        if (action == "contresigner")
        {
            // A trainer countersigns in their own name; staff copy a paper sheet and name the trainer who signed it.
            var trainer = member.Has(StaffRoles.Trainer) && string.IsNullOrWhiteSpace(fields.Text(TrainerField)) ? member.Name : fields.Text(TrainerField);
            if (!member.Has(StaffRoles.Trainer) && !string.IsNullOrWhiteSpace(trainer) && trainer.Trim().Length > 200)
                return Reply(request, back, "", Problems.Validation(TrainerField, "Le nom du formateur ne doit pas dépasser 200 caractères."));
            return Reply(request, back, "contresignee", Problem(await desk.CountersignAsync(session, halfDay, trainer, member.Name, cancellationToken)));
        }
        if (action is not ("marquer" or "signer" or "corriger"))
            return Reply(request, back, "", Problems.Validation(ActionField, "Action inconnue : marquer, signer, contresigner ou corriger."));
        if (session.Trainee(fields.Text(TraineeField)) is not { } trainee)
            return Reply(request, back, "", Problems.Validation(TraineeField, AttendanceMessages.TraineeUnknown));
        if (action == "signer")
            return Reply(request, back, "signe", Problem(await desk.SignAsync(session, halfDay, trainee, SigningMeans.TrainerDevice, null,
                fields.Bool(StatementField) == true, request.Headers.UserAgent.ToString(), cancellationToken)));
        var kind = ParseKind(fields.Text(KindField));
        var time = ParseTime(fields.Text(TimeField));
        if (kind is null) fields.Errors.Add(KindField, AttendanceMessages.KindUnknown);
        if (time is { Invalid: true }) fields.Errors.Add(TimeField, AttendanceMessages.TimeRequired);
        if (fields.Errors.Any) return Reply(request, back, "", Problems.Validation(fields.Errors));
        if (action == "marquer")
            return Reply(request, back, "marque", Problem(await desk.MarkAsync(session, halfDay, trainee, kind!.Value, time?.Value, member.Name, cancellationToken)));
        if (!member.Has(StaffRoles.Staff))
            return Reply(request, back, "", Problems.RoleMissing("Seule l'équipe corrige une demi-journée contresignée (avec un motif)."));
        return Reply(request, back, "corrigee", Problem(await desk.CorrectAsync(session, halfDay, trainee, kind!.Value, time?.Value, fields.Text(ReasonField), member.Name, cancellationToken)));
    }

    private IActionResult Refusal(HttpRequest request) => ((StaffCheck.Refused)access.CheckStaffOrTrainer(request)).Result;

    private static object HalfDayLine(AttendanceSession session, HalfDay h, HalfDaySheet sheet) => new
    {
        h.Id,
        h.Date,
        Part = h.PartLabel,
        Hours = FrenchFormat.Hours(h.Start, h.End),
        Duration = FrenchFormat.Duration(h.Minutes),
        State = sheet.Frozen ? "countersigned" : sheet.Opened ? "open" : "closed",
        sheet.OpenedAt,
        Signed = sheet.Signatures.Count,
        Trainees = session.Trainees.Count,
        TrainerName = sheet.Countersignature?.TrainerName,
        CountersignedAt = sheet.Countersignature?.At,
        Url = AttendancePaths.HalfDay(session.Session.Id, h.Id),
    };

    private static string Spaced(string code) => $"{code[..3]} {code[3..]}";

    private static PresenceKind? ParseKind(string? value) => value switch
    {
        "present" => PresenceKind.Present,
        "retard" => PresenceKind.Late,
        "depart" => PresenceKind.LeftEarly,
        "absent" => PresenceKind.Absent,
        _ => null,
    };

    private sealed record TypedTime(TimeOnly? Value, bool Invalid);

    /// <summary>« 9:45 », « 09:45 », « 9h45 », « 9 h 45 »; empty is no time.</summary>
    private static TypedTime? ParseTime(string? value)
    {
        var text = (value ?? "").Replace(" ", "", StringComparison.Ordinal).Replace('h', ':').Replace('H', ':');
        if (text.Length == 0) return null;
        if (text.EndsWith(':')) text += "00";
        return TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? new TypedTime(time, false) : new TypedTime(null, true);
    }

    private static ProblemDetails SessionMissing() => Problems.NotFound("Aucune session ni demi-journée ne correspond à cette adresse.");

    private static ProblemDetails? Problem(AttendanceResult result) => result.Refused
        ? result.Status switch
        {
            400 => Problems.Validation(result.Field!, result.Refusal!),
            503 => Problems.Unavailable(result.Refusal!),
            _ => Problems.Conflict(ProblemTypes.TransitionRefused, result.Refusal!, new Dictionary<string, string[]> { [result.Field!] = [result.Refusal!] }),
        }
        : null;

    /// <summary>A form gets the page back (303 with <c>?fait=</c>) or the French error page; a JSON client the answer itself.</summary>
    private static IActionResult Reply(HttpRequest request, string back, string done, ProblemDetails? problem)
    {
        if (problem is not null)
            return FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, back).ToActionResult() : ApiResults.Problem(problem).ToActionResult();
        return BodyReader.IsForm(request) || (request.ContentType ?? "").StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
            ? ApiResults.SeeOther($"{back}?fait={done}").ToActionResult()
            : TypedResults.Ok(new { done }).ToActionResult();
    }

    private static string? Done(HttpRequest request) =>
        request.Query["fait"].ToString() is { Length: > 0 and <= 40 } code && code.All(c => c is >= 'a' and <= 'z' or '-') ? code : null;

    private IActionResult Page(string template, string title, StaffMember member, Dictionary<string, object?> model)
    {
        model["member"] = member.Name;
        model["trainer_only"] = !member.Has(StaffRoles.Staff);
        // A trainer has no dashboard: the session's attendance page is their way back.
        model["dashboard_url"] = member.Has(StaffRoles.Staff) ? AttendancePaths.ConsoleHome : AttendancePaths.Session(((Domain.Catalogue.CourseSession)model["session"]!).Id);
        return ApiResults.Html(StatusCodes.Status200OK, PageRenderer.Api.Render(template, title, model, options.SiteOrigin)).ToActionResult();
    }

    private IActionResult NotFound(StaffMember member) =>
        ConsoleReplies.NotFoundPage("session", member.Name, AttendancePaths.ConsoleHome, options.SiteOrigin);
}
