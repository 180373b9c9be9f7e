using Microsoft.AspNetCore.Http;
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
            return ApiResults.Problem(Problem.NotFound("Aucune session ne correspond à cet identifiant."));
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
        await transitions.ApplyAsync(id, EnrolmentCommand.Of(trigger), cancellationToken) switch
        {
            TransitionOutcome.Applied applied => ApiResults.Ok(new { id, status = StateNames.Api(applied.After.State), statusLabel = StateNames.French(applied.After.State) }),
            TransitionOutcome.Unchanged unchanged => ApiResults.Ok(new { id, status = StateNames.Api(unchanged.Enrolment.State), statusLabel = StateNames.French(unchanged.Enrolment.State) }),
            TransitionOutcome.Refused refused => ApiResults.Problem(Problem.Conflict("transition-refusee", "Changement impossible.",
                $"Une inscription dans l'état « {StateNames.French(refused.Enrolment.State)} » ne peut pas être {(trigger == EnrolmentTrigger.Cancelled ? "annulée" : "confirmée")}.")),
            TransitionOutcome.Flagged flagged => ApiResults.Ok(new { id, status = StateNames.Api(flagged.Enrolment.State), attention = flagged.Enrolment.StaffAttention }),
            _ => ApiResults.Problem(Problem.NotFound("Aucune inscription ne correspond à cet identifiant.")),
        };

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
