using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content.Text;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Certificates;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Text;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Certificates;

/// <summary>
/// The console's certificate pages, rendered on the server (no script needed): the trainer's assessment form (trainers
/// and staff), the session's documents with their downloads (staff), and each PDF as issued (staff).
/// </summary>
internal sealed class CertificatePages(
    StaffAccess access, CertificateStore store, AttendanceSummaries summaries, EnrolmentStore enrolments, TraineeLocks locks,
    CourseCatalogue catalogue, ICertificateTrigger trigger, EnrolmentOptions options, TimeProvider clock)
{
    public static string EvaluationPath(string sessionId) => $"{Attendance.AttendancePaths.ConsoleSession(sessionId)}/evaluation";
    public static string ListPath(string sessionId) => $"{Attendance.AttendancePaths.ConsoleSession(sessionId)}/certificats";
    public static string PdfPath(string sessionId, IssuedCertificate c) =>
        $"{ListPath(sessionId)}/{Uri.EscapeDataString(c.EnrolmentId)}/{c.TraineeKey}/{CertificateKinds.Code(c.Kind)}/{c.Version}";

    /// <summary>A trainee of the session as the pages list them (names come from the enrolment, never from attendance).</summary>
    internal sealed record TraineeRow(string EnrolmentId, string TraineeKey, string Name, string PayerName, bool OrganisationPays,
        string? Result, string? Comment, string? HoursAttended, bool WithoutHours, IReadOnlyList<DocumentRow> Documents);

    internal sealed record DocumentRow(string Kind, int Version, DateTimeOffset IssuedAt, string HoursAttended, string Url);

    [Function("CertificatesEvaluationPage")]
    public async Task<IActionResult> Evaluation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/evaluation")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member } allowed) return Refused(request);
        if (catalogue.FindSession(sessionId) is not { } found) return NotFound(member.Name);
        var rows = await RowsAsync(sessionId, cancellationToken);
        return Page("equipe-evaluation", $"Évaluation des acquis — {found.Course.Title}", member, new Dictionary<string, object?>
        {
            ["course_title"] = found.Course.Title,
            ["session"] = found.Session,
            ["trainees"] = rows,
            ["action_url"] = EvaluationPath(sessionId),
            ["comment_max"] = TraineeAssessment.CommentMaxLength,
            ["done"] = request.Query["fait"].ToString() == "evaluation",
        });
    }

    /// <summary>Records one trainee's result (form fields enrolment, trainee, result, comment), then asks for the documents it completes.</summary>
    [Function("CertificatesRecordEvaluation")]
    public async Task<IActionResult> Record(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "equipe/sessions/{sessionId}/evaluation")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        if (access.CheckStaffOrTrainer(request) is not StaffCheck.Allowed { Member: var member }) return Refused(request);
        var back = EvaluationPath(sessionId);
        if (catalogue.FindSession(sessionId) is not { } found)
            return Problem(request, Problems.NotFound("Aucune session ne correspond à cet identifiant."), back);
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Problem(request, rejected.Problem, back);
        string enrolmentId, traineeKey;
        AssessmentResult result;
        string? comment;
        using (var fields = FieldSource.Of(body))
        {
            enrolmentId = fields.Text("enrolment")?.Trim() ?? "";
            traineeKey = fields.Text("trainee")?.Trim() ?? "";
            var parsed = TraineeAssessment.Parse(fields.Text("result")?.Trim());
            comment = fields.Text("comment")?.Trim();
            if (parsed is null) fields.Errors.Add("result", "Choisissez le résultat : objectifs atteints, partiellement atteints ou non atteints.");
            if (comment is { Length: > TraineeAssessment.CommentMaxLength })
                fields.Errors.Add("comment", $"Le commentaire ne doit pas dépasser {TraineeAssessment.CommentMaxLength} caractères ; il en compte {comment.Length}.");
            if (fields.Errors.Any) return Problem(request, Problems.Validation(fields.Errors), back);
            result = parsed!.Value;
        }
        var rows = await RowsAsync(sessionId, cancellationToken);
        if (!rows.Any(r => r.EnrolmentId == enrolmentId && r.TraineeKey == traineeKey))
            return Problem(request, Problems.Validation("trainee", "Ce stagiaire n’est pas inscrit à cette session."), back);
        var sessionEnd = new DateTimeOffset(found.Session.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await store.RecordAsync(sessionId, new TraineeAssessment(enrolmentId, traineeKey, result, string.IsNullOrEmpty(comment) ? null : comment,
            clock.GetUtcNow(), member.Name), sessionEnd, cancellationToken);
        // Recorded after the session closed: the attestation goes out now (the issuer does nothing while it is open).
        await trigger.SessionClosedAsync(sessionId, cancellationToken);
        return BodyReader.IsForm(request)
            ? ApiResults.SeeOther(back + "?fait=evaluation").ToActionResult()
            : TypedResults.Ok(new { enrolmentId, traineeKey, result = TraineeAssessment.Code(result) }).ToActionResult();
    }

    [Function("CertificatesSessionPage")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/certificats")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        if (catalogue.FindSession(sessionId) is not { } found) return NotFound(member.Name);
        var summary = await summaries.ReadAsync(sessionId, cancellationToken);
        var rows = await RowsAsync(sessionId, cancellationToken);
        return Page("equipe-certificats", $"Attestations et certificats — {found.Course.Title}", member, new Dictionary<string, object?>
        {
            ["course_title"] = found.Course.Title,
            ["session"] = found.Session,
            ["closed"] = summary?.Closed == true,
            ["closed_at"] = summary?.ClosedAt,
            ["version"] = summary?.Version,
            ["planned"] = summary is null ? null : FrenchFormat.Duration(summary.PlannedMinutes),
            ["trainees"] = rows,
            ["without_hours"] = rows.Where(r => r.WithoutHours).ToList(),
            ["evaluation_url"] = EvaluationPath(sessionId),
            ["session_url"] = Attendance.AttendancePaths.ConsoleSession(sessionId),
        });
    }

    [Function("CertificatesPdf")]
    public async Task<IActionResult> Pdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}/certificats/{enrolmentId}/{traineeKey}/{kind}/{version}")] HttpRequest request,
        string sessionId, string enrolmentId, string traineeKey, string kind, string version, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        if (CertificateKinds.Parse(kind) is not { } parsed || !int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            || await store.GetAsync(sessionId, CertificateRows.Certificate(enrolmentId, traineeKey, parsed, v), cancellationToken) is not { } found)
            return NotFound(member.Name);
        return new FileDownload(found.Pdf, "application/pdf", CertificateKinds.FileName(parsed, v));
    }

    /// <summary>Every trainee holding a place, and every trainee the attendance names, with what is recorded and issued.</summary>
    private async Task<List<TraineeRow>> RowsAsync(string sessionId, CancellationToken cancellationToken)
    {
        var summary = await summaries.ReadAsync(sessionId, cancellationToken);
        var assessments = await store.AssessmentsAsync(sessionId, cancellationToken);
        var issued = await store.IssuedAsync(sessionId, cancellationToken);
        var all = await enrolments.ForSessionAsync(sessionId, cancellationToken);
        var inSummary = summary?.Trainees.Select(t => t.EnrolmentId).ToHashSet(StringComparer.Ordinal) ?? [];
        var rows = new List<TraineeRow>();
        foreach (var enrolment in all.Where(e => e.AnonymisedAt is null && (e.Seats.Count > 0 || inSummary.Contains(e.Id))))
        {
            foreach (var trainee in enrolment.Trainees)
            {
                var key = locks.TraineeKey(trainee.Email);
                var attendance = summary?.Trainee(enrolment.Id, key);
                var assessment = assessments.FirstOrDefault(a => a.EnrolmentId == enrolment.Id && a.TraineeKey == key);
                rows.Add(new TraineeRow(enrolment.Id, key, $"{trainee.FirstName} {trainee.LastName}", enrolment.Payer.Name, enrolment.Payer.Kind == PayerKind.Organisation,
                    assessment is null ? null : TraineeAssessment.Code(assessment.Result), assessment?.Comment,
                    attendance is null ? null : FrenchFormat.Duration(attendance.MinutesAttended),
                    summary?.Closed == true && (attendance?.MinutesAttended ?? 0) == 0,
                    [.. issued.Where(c => c.EnrolmentId == enrolment.Id && c.TraineeKey == key).OrderBy(c => c.Kind).ThenBy(c => c.Version)
                        .Select(c => new DocumentRow(CertificateKinds.Code(c.Kind), c.Version, c.IssuedAt, FrenchFormat.Duration(c.Minutes), PdfPath(sessionId, c)))]));
            }
        }
        return rows;
    }

    private IActionResult Refused(HttpRequest request) => ((StaffCheck.Refused)access.CheckStaffOrTrainer(request)).Result;

    private static IActionResult Problem(HttpRequest request, ProblemDetails problem, string back) =>
        FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, back).ToActionResult() : ApiResults.Problem(problem).ToActionResult();

    private IActionResult Page(string template, string title, StaffMember member, Dictionary<string, object?> model)
    {
        model["member"] = member.Name;
        model["trainer_only"] = !member.Has(StaffRoles.Staff);
        // A trainer has no dashboard: the session's attendance page is their way back.
        model["dashboard_url"] = member.Has(StaffRoles.Staff) || model["session"] is not Domain.Catalogue.CourseSession session
            ? StaffAccess.ConsoleHome : Attendance.AttendancePaths.Session(session.Id);
        return ApiResults.Html(StatusCodes.Status200OK, PageRenderer.Api.Render(template, title, model, options.SiteOrigin)).ToActionResult();
    }

    private IActionResult NotFound(string member) =>
        ConsoleReplies.NotFoundPage("session", member, StaffAccess.ConsoleHome, options.SiteOrigin);
}
