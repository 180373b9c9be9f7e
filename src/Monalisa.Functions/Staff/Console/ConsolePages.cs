using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content.Text;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Staff;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Staff.Console;

/// <summary>
/// The staff console's pages, rendered on the server inside the site's layout (no script needed, strict CSP): the
/// sessions dashboard, a session, an enrolment. Each asks <see cref="StaffAccess"/> first. The forms on them post to the
/// staff action routes; only the notes route is answered here.
/// </summary>
internal sealed class ConsolePages(StaffAccess access, ConsoleReadModel model, EnrolmentStore enrolments, EnrolmentNotes notes, EnrolmentOptions options,
    Invoicing.DocumentRows documents)
{
    [Function("StaffConsoleDashboard")]
    public async Task<IActionResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var rows = await model.DashboardAsync(cancellationToken);
        return Page("equipe-tableau-de-bord", "Console de l’équipe : les sessions", member, new Dictionary<string, object?>
        {
            ["sessions"] = rows,
            ["decisions_total"] = rows.Sum(r => r.Decisions.Count),
        });
    }

    [Function("StaffConsoleSession")]
    public async Task<IActionResult> Session(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/sessions/{sessionId}")] HttpRequest request,
        string sessionId,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (await model.SessionAsync(sessionId, cancellationToken) is not { } file) return NotFound(member, "session");
        var lines = file.Enrolments.Select(EnrolmentLine.Of).ToList();
        return Page("equipe-session", $"Session de {file.Session.City}", member, new Dictionary<string, object?>
        {
            ["row"] = file.Row,
            ["enrolments"] = lines.Where(l => l.State != nameof(EnrolmentState.WaitingList)).ToList(),
            // Oldest first: the order in which places are offered.
            ["waiting"] = lines.Where(l => l.State == nameof(EnrolmentState.WaitingList)).OrderBy(l => l.CreatedAt).ToList(),
            ["csv_url"] = ConsolePaths.SessionCsv(sessionId),
            ["cancel_url"] = ConsolePaths.SessionAction(sessionId, "cancel"),
            ["done"] = Done(request),
        });
    }

    [Function("StaffConsoleEnrolment")]
    public async Task<IActionResult> Enrolment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/inscriptions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (await model.EnrolmentAsync(id, cancellationToken) is not { } file) return NotFound(member, "inscription");
        var e = file.Record;
        var money = EnrolmentMoney.Of(e);
        var catalogueSessions = model.OtherSessions(e.SessionId);
        return Page("equipe-inscription", $"Inscription {e.Id}", member, new Dictionary<string, object?>
        {
            ["enrolment"] = EnrolmentLine.Of(e),
            ["record"] = e,
            ["course_title"] = file.Course?.Title,
            ["session"] = file.Session,
            ["session_url"] = ConsolePaths.Session(e.SessionId),
            ["payer"] = e.Payer,
            ["payer_kind"] = e.Payer.Kind.ToString(),
            ["payment_method"] = e.PaymentMethod.ToString(),
            ["money"] = money,
            ["hold_deadline"] = options.Holds.DeadlineOf(e),
            ["decisions"] = SessionFigures.DecisionsFor(e, model.Now, options.Holds).Select(d => d.Reason.ToString()).ToList(),
            ["timeline"] = file.Timeline,
            ["actions"] = StaffActions.For(e),
            ["action_url"] = ConsolePaths.EnrolmentAction(e.Id, ""),
            ["other_sessions"] = catalogueSessions,
            ["note_max"] = EnrolmentNotes.MaxLength,
            ["today"] = model.Today,
            ["version"] = FormVersion.Of(e),
            ["done"] = Done(request),
            // Invoices and credit notes (issue 17): the ledger's rows with their status.
            ["documents"] = await documents.ForEnrolmentAsync(e, cancellationToken),
        });
    }

    /// <summary>Adds a note to an enrolment's timeline: <c>{"text": "…"}</c> (JSON or form, 2,000 characters at most).</summary>
    [Function("StaffAddEnrolmentNote")]
    public async Task<IActionResult> AddNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/notes")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var back = ConsolePaths.Enrolment(id);
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Problem(request, rejected.Problem, back);
        string? text;
        using (var fields = FieldSource.Of(body))
        {
            text = fields.Text("text")?.Trim();
            if (string.IsNullOrEmpty(text) && !fields.Errors.Any) fields.Errors.Add("text", "Écrivez la note avant de l’enregistrer.");
            else if (text is { Length: > EnrolmentNotes.MaxLength })
                fields.Errors.Add("text", $"La note ne doit pas dépasser {EnrolmentNotes.MaxLength} caractères ; elle en compte {text.Length}.");
            if (fields.Errors.Any) return Problem(request, Problems.Validation(fields.Errors), back);
        }
        if (await enrolments.GetAsync(id, cancellationToken) is not { } enrolment)
            return Problem(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), ConsolePaths.Dashboard);
        await notes.AddAsync(enrolment, member.Actor, text!, cancellationToken);
        return BodyReader.IsForm(request)
            ? ApiResults.SeeOther(back + "?fait=note").ToActionResult()
            : TypedResults.Ok(new NoteView(enrolment.Id, EnrolmentNotes.Kind, member.Name)).ToActionResult();
    }

    /// <summary>The answer to a note added by JSON.</summary>
    internal sealed record NoteView(string Id, string Kind, string Author);

    private static IActionResult Problem(HttpRequest request, ProblemDetails problem, string back) =>
        FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, back).ToActionResult() : ApiResults.Problem(problem).ToActionResult();

    private IActionResult Refusal(HttpRequest request) => ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;

    /// <summary>The confirmation code an action's 303 carries (<c>?fait=</c>): a short word, which the template words or ignores.</summary>
    private static string? Done(HttpRequest request) =>
        request.Query["fait"].ToString() is { Length: > 0 and <= 40 } code && code.All(c => c is >= 'a' and <= 'z' or '-') ? code : null;

    private IActionResult Page(string template, string title, StaffMember member, Dictionary<string, object?> model)
    {
        model["member"] = member.Name;
        model["dashboard_url"] = ConsolePaths.Dashboard;
        return ApiResults.Html(StatusCodes.Status200OK, PageRenderer.Api.Render(template, title, model, options.SiteOrigin)).ToActionResult();
    }

    private IActionResult NotFound(StaffMember member, string what) =>
        ConsoleReplies.NotFoundPage(what, member.Name, ConsolePaths.Dashboard, options.SiteOrigin);
}
