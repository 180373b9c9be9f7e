using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content.Text;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Attendance;

/// <summary>
/// The trainee's personal attendance link (sent with the convocation): the half-day open now, the statement to tick and
/// the room's code to type. Rate-limited like every emailed link, then one 404 page for a wrong session, key or token.
/// </summary>
internal sealed class TraineeAttendanceFunctions(AttendanceDesk desk, TraineeLinks links, FormGate gate, EnrolmentOptions options)
{
    public const string TokenField = "token";
    public const string CodeField = AttendanceDecisions.CodeField;
    public const string StatementField = AttendanceDecisions.StatementField;
    public const string HalfDayField = AttendanceDecisions.HalfDayField;
    private const string NotFoundText = "Ce lien d'émargement n'existe pas ou n'est plus valable. Utilisez le lien de votre convocation, ou signez sur l'appareil du formateur.";

    [Function("TraineeAttendance")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "emargement/{sessionId}/{traineeKey}")] HttpRequest request,
        string sessionId, string traineeKey, CancellationToken cancellationToken)
    {
        var (session, trainee, refused) = await OpenAsync(request, sessionId, traineeKey, request.Query[TokenField].ToString(), cancellationToken);
        if (refused is not null) return refused;
        return await PageAsync(200, session!, trainee!, request.Query[TokenField].ToString(), null, null, cancellationToken);
    }

    /// <summary>Signs the half-day: <c>token</c>, <c>halfDay</c>, <c>code</c> (6 digits), <c>statement</c> (the ticked box).</summary>
    [Function("TraineeAttendanceSign")]
    public async Task<IActionResult> Sign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "emargement/{sessionId}/{traineeKey}")] HttpRequest request,
        string sessionId, string traineeKey, CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return ApiResults.Problem(rejected.Problem).ToActionResult();
        using var fields = FieldSource.Of(body);
        var token = fields.Text(TokenField);
        if (string.IsNullOrEmpty(token)) token = request.Query[TokenField].ToString();
        var (session, trainee, refused) = await OpenAsync(request, sessionId, traineeKey, token, cancellationToken);
        if (refused is not null) return refused;
        var code = fields.Text(CodeField);
        var ticked = fields.Bool(StatementField) == true;
        var html = BodyReader.IsForm(request);
        var halfDay = HalfDay.Find(session!.HalfDays, fields.Text(HalfDayField));
        if (halfDay is null) fields.Errors.Add(HalfDayField, "Choisissez la demi-journée à signer.");
        if (fields.Errors.Any)
            return html ? await PageAsync(400, session, trainee!, token!, fields.Errors, code, cancellationToken) : ApiResults.Problem(Problems.Validation(fields.Errors)).ToActionResult();
        var result = await desk.SignAsync(session, halfDay!, trainee!, SigningMeans.OwnDevice, code, ticked, request.Headers.UserAgent.ToString(), cancellationToken);
        if (result.Refused)
        {
            var errors = new FieldErrors().Add(result.Field!, result.Refusal!);
            return html
                ? await PageAsync(result.Status, session, trainee!, token!, errors, code, cancellationToken)
                : ApiResults.Problem(result.Status == 400 ? Problems.Validation(errors) : Problems.Conflict(Content.ProblemTypes.TransitionRefused, result.Refusal!, new Dictionary<string, string[]>(errors.ToDictionary()))).ToActionResult();
        }
        return html
            ? await PageAsync(200, session, trainee!, token!, null, null, cancellationToken, signed: halfDay!.Id)
            : TypedResults.Ok(new { signed = halfDay!.Id }).ToActionResult();
    }

    private async Task<(AttendanceSession? Session, SessionTrainee? Trainee, IActionResult? Refused)> OpenAsync(
        HttpRequest request, string sessionId, string traineeKey, string? token, CancellationToken cancellationToken)
    {
        if (await gate.CheckLinkAsync(request, $"{sessionId}|{traineeKey}", cancellationToken) is { } limited) return (null, null, limited.ToActionResult());
        if (links.Matches(token, AttendanceLinks.Purpose, sessionId, traineeKey)
            && await desk.SessionAsync(sessionId, cancellationToken) is { } session && session.Trainee(traineeKey) is { } trainee)
            return (session, trainee, null);
        return (null, null, Message(404, "Lien introuvable", NotFoundText));
    }

    private async Task<IActionResult> PageAsync(int status, AttendanceSession session, SessionTrainee trainee, string token, FieldErrors? errors, string? typedCode,
        CancellationToken cancellationToken, string? signed = null)
    {
        var stored = await desk.LoadAsync(session.Session.Id, cancellationToken);
        var now = desk.Now;
        // The half-day to sign: the one open now; else the next to come, to say when.
        var open = session.HalfDays.FirstOrDefault(h => stored.Sheet(h.Id).OpenForSigning
            && now >= h.StartsAt - AttendanceDecisions.Margin && now <= h.EndsAt + AttendanceDecisions.Margin);
        var next = session.HalfDays.FirstOrDefault(h => h.EndsAt > now);
        return ApiResults.Html(status, PageRenderer.Api.Render("emargement", "Émargement", new Dictionary<string, object?>
        {
            ["course_title"] = session.Course.Title,
            ["session"] = session.Session,
            ["name"] = trainee.FullName,
            ["token"] = token,
            ["action_url"] = AttendancePaths.Trainee(session.Session.Id, trainee.TraineeKey),
            ["open"] = open is null ? null : new
            {
                open.Id, open.Date, Part = open.PartLabel, Hours = Domain.Text.FrenchFormat.Hours(open.Start, open.End),
                Statement = AttendanceDesk.StatementOf(session, open, trainee),
                Signed = stored.Sheet(open.Id).SignatureOf(trainee.TraineeKey)?.SignedAt,
            },
            ["next"] = open is null && next is not null ? new { next.Date, Part = next.PartLabel, Hours = Domain.Text.FrenchFormat.Hours(next.Start, next.End) } : null,
            ["half_days"] = session.HalfDays.Select(h => new
            {
                h.Id, h.Date, Part = h.PartLabel,
                SignedAt = stored.Sheet(h.Id).SignatureOf(trainee.TraineeKey)?.SignedAt,
                Countersigned = stored.Sheet(h.Id).Frozen,
            }).ToList(),
            ["signed"] = signed,
            ["typed_code"] = typedCode,
            ["errors"] = (errors?.ToDictionary() ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value.Select(m => new { Field = e.Key, Message = m })).ToList(),
            ["fields"] = new { Token = TokenField, Code = CodeField, Statement = StatementField, HalfDay = HalfDayField },
        }, options.SiteOrigin)).ToActionResult();
    }

    private IActionResult Message(int status, string title, string message) =>
        MessagePage.For(status, title, message, options.SiteOrigin);
}
