using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.IntraRequests;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Http;
using Monalisa.Functions.Tariffs;
using Monalisa.Domain.Identity;

namespace Monalisa.Functions.IntraRequests;

/// <summary><c>POST /api/intra-requests</c> and <c>GET /api/intra-requests/{id}?token=</c>: transport only; <see cref="IntraRequestResults"/> answers.</summary>
internal sealed class IntraRequestFunctions(IntraRequestHandler handler, IntraRequestStore store, IntraRequestResults results, FormGate gate)
{
    [Function("SubmitIntraRequest")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "intra-requests")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return results.Failed(request, rejected.Problem).ToActionResult();
        using var fields = FieldSource.Of(body);
        var submission = Parse(fields);
        var key = IdempotencyKey.Read(request, fields);
        if (submission is null) return results.Failed(request, Problems.Validation(fields.Errors)).ToActionResult();
        if (key.Problem is not null) return results.Failed(request, key.Problem).ToActionResult();
        // The form token, the honeypot and the rate limits, before anything is claimed or stored.
        if (await gate.CheckAsync(request, body, fields, PublicForm.IntraRequest, submission.Email, cancellationToken) is { } refused)
            return refused.ToActionResult();

        var outcome = await handler.SubmitAsync(submission, key.Value, cancellationToken);
        return results.Submitted(request, outcome).ToActionResult();
    }

    [Function("GetIntraRequest")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "intra-requests/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(id, cancellationToken);
        return results.Status(found is not null && AccessToken.Matches(request.Query["token"].ToString(), found.TokenHash) ? found : null).ToActionResult();
    }

    private static IntraRequestSubmission? Parse(FieldSource read)
    {
        var submission = new IntraRequestSubmission
        {
            CourseSlug = read.Text("courseSlug"), Organisation = read.Text("organisation"), ContactName = read.Text("contactName"),
            Email = read.Text("email"), Phone = read.Text("phone"),
            Participants = read.Int("participants", Domain.Enrolment.EnrolmentMessages.ParticipantsInvalid),
            Periods = read.Text("periods"), Place = read.Text("place"), Message = read.Text("message"), Consent = read.Bool("consent"),
        };
        return read.Errors.Any ? null : submission;
    }
}
