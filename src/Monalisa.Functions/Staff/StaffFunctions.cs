using Monalisa.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Staff;

/// <summary>
/// Staff endpoints, open only to a signed-in person with the <c>staff</c> role (<see cref="StaffAccess"/>; no function
/// key opens them): the session export, and confirming or cancelling an enrolment through the state machine.
/// </summary>
internal sealed class StaffFunctions(StaffExport export, EnrolmentTransitions transitions, EnrolmentOptions options, StaffAccess access)
{
    /// <summary>The most days one extension gives; longer waits are extended again.</summary>
    public const int MaxExtensionDays = 60;
    public const int MaxReferenceLength = 100;

    [Function("ExportSessionEnrolments")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/sessions/{id}/enrolments.csv")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is StaffCheck.Refused refusedAccess) return refusedAccess.Result;
        if (await export.CsvAsync(id, cancellationToken) is not { } csv)
            return ApiResults.Problem(Problems.NotFound("Aucune session ne correspond à cet identifiant.")).ToActionResult();
        return new FileDownload(csv, "text/csv; charset=utf-8", $"inscriptions-{id}.csv");
    }

    [Function("StaffConfirmEnrolment")]
    public Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/confirm")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => ApplyAsync(request, id, EnrolmentTrigger.StaffConfirmed, cancellationToken);

    // Cancelling (whole enrolment, one trainee, with the refund the terms allow): StaffMoneyFunctions.Cancel.

    /// <summary>Gives an invoice enrolment more days before it lapses: <c>{"days": 7}</c> (1 to 60), JSON or form.</summary>
    [Function("StaffExtendEnrolment")]
    public async Task<IActionResult> Extend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/extend")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Reply(request, id, "prolongation", ApiResults.Problem(rejected.Problem));
        using var fields = FieldSource.Of(body);
        var days = fields.Int("days", "Nombre de jours attendu (nombre entier).");
        if (days is null && !fields.Errors.Any) fields.Errors.Add("days", "Indiquez le nombre de jours de prolongation.");
        else if (days is < 1 or > MaxExtensionDays) fields.Errors.Add("days", $"La prolongation doit être comprise entre 1 et {MaxExtensionDays} jours.");
        if (fields.Errors.Any) return Reply(request, id, "prolongation", ApiResults.Problem(Problems.Validation(fields.Errors)));
        var outcome = await transitions.ApplyAsync(id, new EnrolmentCommand.HoldExtended(days!.Value, options.Holds), member.Actor, cancellationToken);
        return Reply(request, id, "prolongation", outcome switch
        {
            TransitionOutcome.Applied applied => (IResult)TypedResults.Ok(new HoldView(id, StateNames.Api(applied.After.State), options.Holds.DeadlineOf(applied.After))),
            TransitionOutcome.Refused refused => ApiResults.Problem(Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Seule une inscription en attente de règlement par facture peut être prolongée ; celle-ci est dans l'état « {StateNames.French(refused.Enrolment.State)} ».")),
            _ => ApiResults.Problem(Problems.NotFound("Aucune inscription ne correspond à cet identifiant.")),
        });
    }

    /// <summary>Records the purchase order of an invoice enrolment, which confirms it: <c>{"reference": "BC-2027-042"}</c>.</summary>
    [Function("StaffRecordPurchaseOrder")]
    public async Task<IActionResult> RecordPurchaseOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/purchase-order")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Reply(request, id, "bon-de-commande", ApiResults.Problem(rejected.Problem));
        using var fields = FieldSource.Of(body);
        var reference = fields.Text("reference")?.Trim();
        if (string.IsNullOrEmpty(reference) && !fields.Errors.Any) fields.Errors.Add("reference", "Indiquez la référence du bon de commande.");
        else if (reference is { Length: > MaxReferenceLength }) fields.Errors.Add("reference", $"La référence du bon de commande ne doit pas dépasser {MaxReferenceLength} caractères.");
        else if (reference is not null && reference.Any(char.IsControl)) fields.Errors.Add("reference", "La référence du bon de commande ne doit pas contenir de retour à la ligne ni de caractère de contrôle.");
        if (fields.Errors.Any) return Reply(request, id, "bon-de-commande", ApiResults.Problem(Problems.Validation(fields.Errors)));
        return Reply(request, id, "bon-de-commande", Answer(id, EnrolmentTrigger.StaffConfirmed, await transitions.ApplyAsync(id, new EnrolmentCommand.PurchaseOrderRecorded(reference!), member.Actor, cancellationToken)));
    }

    private async Task<IActionResult> ApplyAsync(HttpRequest request, string id, EnrolmentTrigger trigger, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        return Reply(request, id, trigger == EnrolmentTrigger.Cancelled ? "annulation" : "confirmation",
            Answer(id, trigger, await transitions.ApplyAsync(id, EnrolmentCommand.Of(trigger), member.Actor, cancellationToken)));
    }

    private IActionResult Refusal(HttpRequest request) => ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;

    /// <summary>
    /// The console's forms post here too: a form gets the enrolment page back (303, with what was done) or the French
    /// error page; JSON clients get the JSON answer as before.
    /// </summary>
    internal static IActionResult Reply(HttpRequest request, string id, string done, IResult result) => ConsoleReplies.Reply(request, id, done, result);

    /// <summary>An invoice enrolment's state and the end of its hold.</summary>
    internal sealed record HoldView(string Id, string Status, DateTimeOffset? HoldExpiresAt);

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
}
