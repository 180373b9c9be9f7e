using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Domain.Identity;

namespace Monalisa.Functions.Enrolment;

/// <summary><c>POST /api/enrolments</c> and <c>GET /api/enrolments/{id}?token=</c>: transport only; the handler decides.</summary>
internal sealed class EnrolmentFunctions(EnrolmentHandler handler, EnrolmentStore store, CourseCatalogue catalogue, EnrolmentOptions options, TimeProvider clock)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    [Function("SubmitEnrolment")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enrolments")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Fail(request, rejected.Problem, null);

        var (submission, typeErrors) = SubmissionParser.Parse(body);
        (body as Body.Json)?.Document.Dispose();
        var key = IdempotencyKey(request, body);
        if (submission is null) return Fail(request, Problem.Validation(typeErrors), null);
        if (key.Problem is not null) return Fail(request, key.Problem, submission.SessionId);

        var outcome = await handler.SubmitAsync(submission, key.Value, cancellationToken);
        return outcome switch
        {
            SubmitOutcome.Created created => Created(request, created),
            SubmitOutcome.Dropped => BodyReader.IsForm(request)
                ? ApiResults.SeeOther(options.SitePage("inscription/enregistree/"))
                : ApiResults.Accepted(new { status = "received" }),
            SubmitOutcome.Invalid invalid => Fail(request, Problem.Validation(invalid.Errors), submission.SessionId),
            SubmitOutcome.NotEnoughSeats full => Fail(request, Problem.Conflict("places-insuffisantes",
                full.SeatsLeft == 0 ? "Cette session est complète." : "Il ne reste pas assez de places.",
                full.SeatsLeft == 0
                    ? "Il ne reste aucune place sur cette session. Vous pouvez vous inscrire sur la liste d'attente."
                    : $"Il ne reste que {full.SeatsLeft} place{(full.SeatsLeft > 1 ? "s" : "")} sur cette session ; vous en demandez {full.Requested}. Réduisez le nombre de stagiaires ou inscrivez-vous sur la liste d'attente.",
                extensions: new Dictionary<string, object> { ["seatsLeft"] = full.SeatsLeft, ["waitingListAvailable"] = true }), submission.SessionId),
            SubmitOutcome.AlreadyEnrolled already => Fail(request, Problem.Conflict("deja-inscrit", "Personne déjà inscrite.",
                EnrolmentMessages.EmailAlreadyEnrolled,
                new Dictionary<string, string[]> { [$"trainees[{already.TraineeIndex}].email"] = [EnrolmentMessages.EmailAlreadyEnrolled] }), submission.SessionId),
            SubmitOutcome.KeyReusedWithAnotherBody => Fail(request, Problem.Unprocessable(
                "Cette clé d'idempotence a déjà servi pour une autre demande. Rechargez le formulaire avant de l'envoyer à nouveau."), submission.SessionId),
            SubmitOutcome.PaymentUnavailable => Fail(request, Problem.PaymentUnavailable(), submission.SessionId),
            _ => Fail(request, Problem.Unavailable("Trop de demandes arrivent en même temps sur cette session. Aucune place n'a été retenue : réessayez dans un instant."), submission.SessionId),
        };
    }

    [Function("GetEnrolment")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enrolments/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        // A wrong id and a wrong token look the same: 404, so an id alone reveals nothing.
        var notFound = ApiResults.Problem(Problem.NotFound("Aucune inscription ne correspond à ce lien."));
        var token = request.Query["token"].ToString();
        if (await store.GetAsync(id, cancellationToken) is not { } enrolment || !AccessToken.Matches(token, enrolment.TokenHash))
            return notFound;
        if (catalogue.FindSession(enrolment.SessionId) is not { } found)
            return notFound;
        return ApiResults.Ok(EnrolmentStatusView.From(enrolment, found.Course, found.Session, clock.GetUtcNow()));
    }

    private IActionResult Created(HttpRequest request, SubmitOutcome.Created created)
    {
        var enrolment = created.Enrolment;
        var query = $"id={Uri.EscapeDataString(enrolment.Id)}&token={Uri.EscapeDataString(created.Token)}";
        var statusUrl = $"{request.Scheme}://{request.Host}/api/enrolments/{Uri.EscapeDataString(enrolment.Id)}?token={Uri.EscapeDataString(created.Token)}";
        if (BodyReader.IsForm(request))
        {
            return ApiResults.SeeOther(created.CheckoutUrl ?? enrolment.State switch
            {
                EnrolmentState.WaitingList => options.SitePage("inscription/liste-attente/", query),
                EnrolmentState.Confirmed => options.SitePage("inscription/confirmee/", query),
                _ => options.SitePage("inscription/enregistree/", query),
            });
        }
        return ApiResults.Created(
            new EnrolmentCreatedView(enrolment.Id, StateNames.Api(enrolment.State), enrolment.Total, statusUrl, created.CheckoutUrl),
            statusUrl);
    }

    private IActionResult Fail(HttpRequest request, Problem problem, string? sessionId)
    {
        if (!FormErrorPage.Wanted(request)) return ApiResults.Problem(problem);
        var back = sessionId is not null && catalogue.FindSession(sessionId) is { } found
            ? options.SitePage($"formations/{found.Course.Slug}/inscription/{found.Session.Id}/")
            : options.SitePage("");
        return FormErrorPage.For(problem, back);
    }

    /// <summary>The Idempotency-Key header, or the form's hidden <c>idempotencyKey</c> field.</summary>
    private static (string? Value, Problem? Problem) IdempotencyKey(HttpRequest request, Body body)
    {
        var key = request.Headers[IdempotencyHeader].ToString();
        if (string.IsNullOrEmpty(key) && body is Body.Form form && form.Fields.TryGetValue("idempotencyKey", out var field)) key = field;
        if (string.IsNullOrEmpty(key)) return (null, null);
        if (key.Length > Idempotency.IdempotencyStore.MaxKeyLength || key.Any(char.IsControl))
            return (null, Problem.Validation(IdempotencyHeader, "La clé d'idempotence doit faire au plus 200 caractères imprimables."));
        return (key, null);
    }
}
