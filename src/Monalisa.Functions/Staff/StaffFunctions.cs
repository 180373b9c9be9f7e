using Monalisa.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Staff;

/// <summary>
/// Staff endpoints, behind a function key (<c>x-functions-key</c> header or <c>code</c> query parameter):
/// the session export, and confirming or cancelling an enrolment through the state machine.
/// </summary>
internal sealed class StaffFunctions(StaffExport export, EnrolmentTransitions transitions)
{
    [Function("ExportSessionEnrolments")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/sessions/{id}/enrolments.csv")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await export.CsvAsync(id, cancellationToken) is not { } csv)
            return ApiResults.Problem(Problems.NotFound("Aucune session ne correspond à cet identifiant.")).ToActionResult();
        return new CsvResult(csv, $"inscriptions-{id}.csv");
    }

    [Function("StaffConfirmEnrolment")]
    public Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "staff/enrolments/{id}/confirm")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => ApplyAsync(id, EnrolmentTrigger.StaffConfirmed, cancellationToken);

    [Function("StaffCancelEnrolment")]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "staff/enrolments/{id}/cancel")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => ApplyAsync(id, EnrolmentTrigger.Cancelled, cancellationToken);

    private async Task<IActionResult> ApplyAsync(string id, EnrolmentTrigger trigger, CancellationToken cancellationToken) =>
        Answer(id, trigger, await transitions.ApplyAsync(id, EnrolmentCommand.Of(trigger), cancellationToken)).ToActionResult();

    /// <summary>The staff API's answer to a transition: the new state, why it was refused, or what needs attention.</summary>
    private static Results<Ok<EnrolmentStateView>, Ok<FlaggedView>, ProblemHttpResult> Answer(string id, EnrolmentTrigger trigger, TransitionOutcome outcome) => outcome switch
    {
        TransitionOutcome.Applied applied => TypedResults.Ok(EnrolmentStateView.Of(id, applied.After.State)),
        TransitionOutcome.Unchanged unchanged => TypedResults.Ok(EnrolmentStateView.Of(id, unchanged.Enrolment.State)),
        TransitionOutcome.Refused refused => ApiResults.Problem(Problems.Conflict(ProblemTypes.TransitionRefused,
            $"Une inscription dans l'état « {StateNames.French(refused.Enrolment.State)} » ne peut pas être {(trigger == EnrolmentTrigger.Cancelled ? "annulée" : "confirmée")}.")),
        TransitionOutcome.Flagged flagged => TypedResults.Ok(new FlaggedView(id, StateNames.Api(flagged.Enrolment.State), flagged.Enrolment.StaffAttention)),
        _ => ApiResults.Problem(Problems.NotFound("Aucune inscription ne correspond à cet identifiant.")),
    };

    /// <summary>A payment that needs staff attention instead of a state change.</summary>
    internal sealed record FlaggedView(string Id, string Status, string? Attention);

    private sealed class CsvResult(byte[] csv, string fileName) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            // Personal data: never kept by a proxy or the browser cache.
            response.Headers.CacheControl = "no-store";
            response.ContentLength = csv.Length;
            await response.Body.WriteAsync(csv, context.HttpContext.RequestAborted);
        }
    }
}
