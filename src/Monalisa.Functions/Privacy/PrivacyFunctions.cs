using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Content.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Privacy;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Privacy;

/// <summary>
/// The console's personal-data page (RGPD rights of access and erasure): find a person by email, export what is stored
/// about them as JSON, erase them. Every act is in the audit log under the staff member's name. The address is sent in
/// the body of a POST, never in a URL (it would end up in logs and browser history).
/// </summary>
internal sealed class PrivacyFunctions(StaffAccess access, PrivacyStore store, StaffAudit audit, CourseCatalogue catalogue, EnrolmentOptions options, TimeProvider clock,
    Attendance.AttendanceStore attendance, Certificates.CertificateStore certificates, Surveys.SurveyStore surveys, TraineeLocks locks)
{
    private const string PagePath = "/api/equipe/personnes";
    private const int AuditLines = 30;

    [Function("StaffPrivacyPage")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/personnes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        return Render(member, new Dictionary<string, object?> { ["audit"] = await AuditAsync(cancellationToken) });
    }

    [Function("StaffPrivacySearch")]
    public async Task<IActionResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "equipe/personnes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var (email, problem) = await EmailAsync(request, cancellationToken);
        if (problem is not null) return Invalid(request, problem);
        var file = await store.FindAsync(email!, cancellationToken);
        await audit.RecordAsync(member, PrivacyAct.Search, email!, file.Count, cancellationToken);
        if (BodyReader.IsJson(request))
            return TypedResults.Ok(new { enrolments = file.Enrolments.Select(e => e.Stored.Record.Id), intraRequests = file.IntraRequests.Select(r => r.Record.Id) }).ToActionResult();
        return Render(member, new Dictionary<string, object?>
        {
            ["email"] = email,
            ["searched"] = true,
            ["enrolments"] = file.Enrolments.Select(e => Summary(e.Stored.Record, e.Roles)).ToList(),
            ["intra_requests"] = file.IntraRequests.Select(r => new { id = r.Record.Id, organisation = r.Record.Request.Organisation, received_at = r.Record.ReceivedAt }).ToList(),
            ["audit"] = await AuditAsync(cancellationToken),
        });
    }

    [Function("StaffPrivacyExport")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "equipe/personnes/export")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var (email, problem) = await EmailAsync(request, cancellationToken);
        if (problem is not null) return Invalid(request, problem);
        var file = await store.FindAsync(email!, cancellationToken);
        await audit.RecordAsync(member, PrivacyAct.Export, email!, file.Count, cancellationToken);
        var export = PersonExport.Of(file, catalogue, clock.GetUtcNow(), options.RetentionMonths);
        export = export with { Attendance = await AttendanceOfAsync(file, cancellationToken) };
        export = export with { Certificates = await CertificatesAsync(file, email!, cancellationToken) };
        // The questionnaires sent to this address (by its pseudonym: the Surveys table holds no address).
        export = export with { Questionnaires = [.. (await surveys.SentToAsync(locks.TraineeKey(email!), cancellationToken))
            .Select(q => new PersonExport.SurveyPart(Domain.Surveys.Questionnaire.Key(q.Kind), q.Partition, q.At, q.Answered))] };
        return new FileDownload(JsonSerializer.SerializeToUtf8Bytes(export, PersonExport.Json), "application/json; charset=utf-8", "donnees-personnelles.json");
    }

    /// <summary>The documents issued to the person as a trainee of one of their enrolments; null when there are none.</summary>
    private async Task<IReadOnlyList<PersonExport.CertificatePart>?> CertificatesAsync(PersonFile file, string email, CancellationToken cancellationToken)
    {
        var key = locks.TraineeKey(email);
        var parts = new List<PersonExport.CertificatePart>();
        foreach (var enrolment in file.Enrolments.Where(e => e.Roles.Trainees.Count > 0).Select(e => e.Stored.Record))
            foreach (var issued in (await certificates.IssuedAsync(enrolment.SessionId, cancellationToken)).Where(c => c.EnrolmentId == enrolment.Id && c.TraineeKey == key))
                parts.Add(new PersonExport.CertificatePart(enrolment.Id, enrolment.SessionId,
                    issued.Kind == Monalisa.Domain.Certificates.CertificateKind.Realisation ? "certificat de réalisation" : "attestation de fin de formation",
                    issued.Version, Monalisa.Domain.Text.FrenchFormat.Duration(issued.Minutes), issued.IssuedAt));
        return parts.Count > 0 ? parts : null;
    }

    [Function("StaffPrivacyErase")]
    public async Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "equipe/personnes/effacer")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return ApiResults.Problem(rejected.Problem).ToActionResult();
        using var fields = FieldSource.Of(body);
        var email = ReadEmail(fields);
        if (fields.Text("confirm") != "oui") fields.Errors.Add("confirm", "Cochez la case qui confirme l'effacement : il ne peut pas être défait.");
        if (fields.Errors.Any) return Invalid(request, Problems.Validation(fields.Errors));
        var report = await store.EraseAsync(email!, member.Actor, cancellationToken);
        // Questionnaire answers are pseudonymous, but their free text may name the person: erased too.
        await surveys.EraseAnswersAsync(locks.TraineeKey(email!), cancellationToken);
        await audit.RecordAsync(member, PrivacyAct.Erase, email!, report.Erased, cancellationToken);
        if (BodyReader.IsJson(request))
            return TypedResults.Ok(new { erased = report.Erased, stillEnrolled = report.StillEnrolled.Select(s => s.Enrolment.Id), kept = PrivacyTexts.Kept(report.Kept) }).ToActionResult();
        return Render(member, new Dictionary<string, object?>
        {
            ["erased"] = true,
            ["erased_count"] = report.Erased,
            ["still_enrolled"] = report.StillEnrolled.Select(s => new { id = s.Enrolment.Id, state = StateNames.French(s.State) }).ToList(),
            ["kept"] = PrivacyTexts.Kept(report.Kept),
            ["audit"] = await AuditAsync(cancellationToken),
        });
    }

    private static object Summary(EnrolmentRecord record, PersonRoles roles) => new
    {
        id = record.Id,
        session_id = record.SessionId,
        state = StateNames.French(record.State),
        created_at = record.CreatedAt,
        payer = roles.Payer,
        trainees = roles.Trainees.Count,
    };

    private async Task<(string? Email, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)> EmailAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return (null, rejected.Problem);
        using var fields = FieldSource.Of(body);
        var email = ReadEmail(fields);
        return fields.Errors.Any ? (null, Problems.Validation(fields.Errors)) : (email, null);
    }

    private static string? ReadEmail(FieldSource fields)
    {
        var typed = fields.Text("email");
        if (string.IsNullOrWhiteSpace(typed)) { fields.Errors.Add("email", "Indiquez l'adresse électronique de la personne."); return null; }
        if (PersonalData.Comparable(typed) is not { } email) { fields.Errors.Add("email", "Cette adresse électronique n'est pas valide : vérifiez-la (une seule adresse, avec « @ »)."); return null; }
        return email;
    }

    private async Task<List<object>> AuditAsync(CancellationToken cancellationToken) =>
        [.. (await audit.RecentAsync(AuditLines, cancellationToken)).Select(a => (object)new { at = a.At, staff = a.StaffName, act = a.Act.ToString(), records = a.Records, subject = a.SubjectKey })];

    private IActionResult Refusal(HttpRequest request) => ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;

    private static IActionResult Invalid(HttpRequest request, Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, PagePath).ToActionResult() : ApiResults.Problem(problem).ToActionResult();

    /// <summary>In the console's frame: who is signed in, and its menu (equipe-entete).</summary>
    private IActionResult Render(StaffMember member, Dictionary<string, object?> model)
    {
        model["member"] = member.Name;
        model["dashboard_url"] = Staff.Console.ConsolePaths.Dashboard;
        return ApiResults.Html(StatusCodes.Status200OK, PageRenderer.Api.Render("equipe-personnes", "Données personnelles", model, options.SiteOrigin)).ToActionResult();
    }

    /// <summary>The attendance of each enrolment the person is a trainee of, by their pseudonym in the session.</summary>
    private async Task<IReadOnlyList<PersonExport.AttendancePart>?> AttendanceOfAsync(PersonFile file, CancellationToken cancellationToken)
    {
        var parts = new List<PersonExport.AttendancePart>();
        foreach (var (stored, roles) in file.Enrolments.Where(e => e.Roles.Trainees.Count > 0))
        {
            var record = stored.Record;
            foreach (var key in roles.Trainees.Select(i => locks.TraineeKey(record.Trainees[i].Email)).Distinct())
                foreach (var p in await attendance.PersonRecordsAsync(record.SessionId, record.Id, key, cancellationToken))
                    parts.Add(new PersonExport.AttendancePart(p.SessionId, p.HalfDayId, p.Signature?.SignedAt,
                        p.Signature is null ? null : p.Signature.Means == Domain.Attendance.SigningMeans.OwnDevice ? "son appareil, code de la salle" : "appareil du formateur",
                        p.Signature?.StatementSha256, p.Signature?.UserAgentSha256, p.Mark?.Kind.ToString(), p.Published?.Kind.ToString(), p.Published?.Minutes,
                        [.. p.Corrections.Select(c => $"{c.Kind} par {c.By} le {c.At:O} : {c.Reason}")]));
        }
        return parts.Count > 0 ? parts : null;
    }
}
