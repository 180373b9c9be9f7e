using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.IntraRequests;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Tariffs;
using Monalisa.Domain.Identity;

namespace Monalisa.Functions.IntraRequests;

/// <summary><c>POST /api/intra-requests</c> and <c>GET /api/intra-requests/{id}?token=</c>.</summary>
internal sealed class IntraRequestFunctions(IntraRequestHandler handler, IntraRequestStore store, EnrolmentOptions options)
{
    [Function("SubmitIntraRequest")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "intra-requests")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Fail(request, rejected.Problem);
        var (submission, typeErrors) = Parse(body);
        (body as Body.Json)?.Document.Dispose();
        if (submission is null) return Fail(request, Problem.Validation(typeErrors));
        var key = request.Headers[EnrolmentFunctions.IdempotencyHeader].ToString() is { Length: > 0 } header ? header
            : body is Body.Form form && form.Fields.TryGetValue("idempotencyKey", out var field) && field.Length > 0 ? field : null;
        if (key is { Length: > Idempotency.IdempotencyStore.MaxKeyLength })
            return Fail(request, Problem.Validation(EnrolmentFunctions.IdempotencyHeader, "La clé d'idempotence doit faire au plus 200 caractères."));

        switch (await handler.SubmitAsync(submission, key, cancellationToken))
        {
            case IntraOutcome.Received received:
                var query = $"id={Uri.EscapeDataString(received.Request.Id)}&token={Uri.EscapeDataString(received.Token)}";
                if (BodyReader.IsForm(request)) return ApiResults.SeeOther(options.SitePage("demande-intra/recue/", query));
                var statusUrl = $"{request.Scheme}://{request.Host}/api/intra-requests/{Uri.EscapeDataString(received.Request.Id)}?token={Uri.EscapeDataString(received.Token)}";
                return ApiResults.Created(new { id = received.Request.Id, status = "received", total = Money.FromCents(received.Request.TotalCents), statusUrl }, statusUrl);
            case IntraOutcome.Dropped:
                return BodyReader.IsForm(request) ? ApiResults.SeeOther(options.SitePage("demande-intra/recue/")) : ApiResults.Accepted(new { status = "received" });
            case IntraOutcome.Invalid invalid:
                return Fail(request, Problem.Validation(invalid.Errors));
            default:
                return Fail(request, Problem.Unprocessable("Cette clé d'idempotence a déjà servi pour une autre demande."));
        }
    }

    [Function("GetIntraRequest")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "intra-requests/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } found || !AccessToken.Matches(request.Query["token"].ToString(), found.TokenHash))
            return ApiResults.Problem(Problem.NotFound("Aucune demande ne correspond à ce lien."));
        return ApiResults.Ok(new
        {
            id = found.Id,
            status = "received",
            organisation = found.Request.Organisation,
            participants = found.Request.Participants,
            course = found.Request.CourseSlug,
            lines = found.Lines.Select(l => new QuoteLineView(l.Category, l.Label, l.Quantity, l.UnitPricePerDay, l.Amount)),
            total = Money.FromCents(found.TotalCents),
        });
    }

    private IActionResult Fail(HttpRequest request, Problem problem) =>
        FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, options.SitePage("")) : ApiResults.Problem(problem);

    private static (IntraRequestSubmission?, Domain.Validation.FieldErrors) Parse(Body body)
    {
        switch (body)
        {
            case Body.Json json:
                var read = new JsonFields(json.Document.RootElement);
                var fromJson = new IntraRequestSubmission
                {
                    CourseSlug = read.Text("courseSlug"), Organisation = read.Text("organisation"), ContactName = read.Text("contactName"),
                    Email = read.Text("email"), Phone = read.Text("phone"), Participants = read.Int("participants"), Periods = read.Text("periods"),
                    Place = read.Text("place"), Message = read.Text("message"), Consent = read.Bool("consent"), Website = read.Text("website"),
                    RenderedAt = read.Long("renderedAt"), SubmittedAt = read.Long("submittedAt"),
                };
                return (read.Errors.Any ? null : fromJson, read.Errors);
            case Body.Form form:
                var errors = new Domain.Validation.FieldErrors();
                string? Get(string name) => form.Fields.TryGetValue(name, out var v) ? v : null;
                int? participants = null;
                if (Get("participants") is { Length: > 0 } p)
                {
                    if (int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) participants = n;
                    else errors.Add("participants", Domain.Enrolment.EnrolmentMessages.ParticipantsInvalid);
                }
                long? Long(string name) => long.TryParse(Get(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
                var fromForm = new IntraRequestSubmission
                {
                    CourseSlug = Get("courseSlug"), Organisation = Get("organisation"), ContactName = Get("contactName"), Email = Get("email"),
                    Phone = Get("phone"), Participants = participants, Periods = Get("periods"), Place = Get("place"), Message = Get("message"),
                    Consent = Get("consent") is "true" or "on" or "1" ? true : null, Website = Get("website"),
                    RenderedAt = Long("renderedAt"), SubmittedAt = Long("submittedAt"),
                };
                return (errors.Any ? null : fromForm, errors);
            default:
                throw new ArgumentOutOfRangeException(nameof(body));
        }
    }
}
