using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Http;
using Monalisa.Domain.Identity;

namespace Monalisa.Functions.Enrolment;

/// <summary><c>POST /api/enrolments</c> and <c>GET /api/enrolments/{id}?token=</c>: transport only; the handler decides, <see cref="EnrolmentResults"/> answers.</summary>
internal sealed class EnrolmentFunctions(EnrolmentHandler handler, EnrolmentStore store, EnrolmentResults results, FormGate gate, AbuseSettings abuse)
{
    [Function("SubmitEnrolment")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enrolments")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return results.Failed(request, rejected.Problem, null).ToActionResult();
        using var fields = FieldSource.Of(body);
        var submission = SubmissionParser.Parse(fields);
        var key = IdempotencyKey.Read(request, fields);
        if (submission is null) return results.Failed(request, Problems.Validation(fields.Errors), null).ToActionResult();
        if (key.Problem is not null) return results.Failed(request, key.Problem, submission.SessionId).ToActionResult();
        // The form token, the honeypot and the rate limits, before anything is claimed or stored.
        if (await gate.CheckAsync(request, body, fields, PublicForm.Enrolment, submission.Payer?.Email, cancellationToken) is { } refused)
            return refused.ToActionResult();

        var outcome = await handler.SubmitAsync(submission, key.Value, ClientAddress.Of(request, abuse.ForwardedHops), cancellationToken);
        var answer = results.ContractToAccept(request, body, submission, outcome, gate.IssueToken) ?? results.Submitted(request, outcome, submission.SessionId);
        return answer.ToActionResult();
    }

    [Function("GetEnrolment")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enrolments/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        // A wrong id and a wrong token look the same: 404, so an id alone reveals nothing.
        var enrolment = await store.GetAsync(id, cancellationToken);
        var found = enrolment is not null && AccessToken.Matches(request.Query["token"].ToString(), enrolment.TokenHash) ? enrolment : null;
        return (await results.StatusAsync(found, cancellationToken)).ToActionResult();
    }
}
