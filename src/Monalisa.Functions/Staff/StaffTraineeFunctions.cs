using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;
using static Monalisa.Functions.Staff.StaffMoneyFunctions;

namespace Monalisa.Functions.Staff;

/// <summary>
/// Staff actions on one trainee of an enrolment that move no money by themselves: resend their convocation, settle their
/// volunteer declaration. The trainee is named by position in the form, turned into their address before deciding, and
/// the form's version refuses a stale page (<see cref="FormVersion"/>). Replies as the money actions'.
/// </summary>
internal sealed class StaffTraineeFunctions(EnrolmentStore store, EnrolmentTransitions transitions, CourseCatalogue catalogue, StaffAccess access)
{
    /// <summary><c>{trainee: 0}</c>: the convocation sent again to that trainee (a new email; the calendar entry keeps its UID).</summary>
    [Function("StaffResendConvocation")]
    public async Task<IActionResult> ResendConvocation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/convocation")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var read = await TraineeAsync(request, id, null, cancellationToken);
        if (read.Failure is not null) return read.Failure;
        var outcome = await transitions.ApplyAsync(id, new EnrolmentCommand.ConvocationResent(read.Email!), member.Actor, cancellationToken);
        return outcome switch
        {
            TransitionOutcome.Applied { After: var after } => Done(request, id, "convocation-renvoyee", MoneyView.Of(after)),
            TransitionOutcome.Refused { Enrolment: var refused } => Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Une convocation ne part que pour une inscription confirmée ; celle-ci est {Describe(refused)}."), id),
            _ => Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id),
        };
    }

    /// <summary><c>{trainee: 1, decision: "confirm"|"refuse"}</c>: a volunteer declaration settled by staff.</summary>
    [Function("StaffDecideVolunteer")]
    public async Task<IActionResult> DecideVolunteer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/volunteer")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var read = await TraineeAsync(request, id, "decision", cancellationToken);
        if (read.Failure is not null) return read.Failure;
        var professional = catalogue.FindSession(read.Enrolment!.SessionId)?.Course.Tariffs.RateFor(Domain.Tariffs.TraineeCategory.Professional);
        if (professional is null)
            return Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused, "Le tarif professionnel de cette formation est introuvable dans le catalogue."), id);
        var confirmed = read.Extra == "confirm";
        var outcome = await transitions.ApplyAsync(id, new EnrolmentCommand.VolunteerDecided(read.Email!, confirmed, professional), member.Actor, cancellationToken);
        return outcome switch
        {
            TransitionOutcome.Applied { After: var after } => Done(request, id, confirmed ? "benevole-confirme" : "benevole-refuse", MoneyView.Of(after)),
            TransitionOutcome.Unchanged { Enrolment: var same } => Done(request, id, "benevole-confirme", MoneyView.Of(same)),
            TransitionOutcome.Refused { Enrolment: var refused } => Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Ce stagiaire n'a pas de déclaration bénévole à examiner, ou l'inscription est {Describe(refused)}."), id),
            _ => Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id),
        };
    }

    private sealed record TraineeRead(EnrolmentRecord? Enrolment, string? Email, string? Extra, IActionResult? Failure);

    /// <summary>Reads <c>trainee</c> (an index, required) and, if named, a <c>decision</c> (confirm|refuse); the trainee's address.</summary>
    private async Task<TraineeRead> TraineeAsync(HttpRequest request, string id, string? decisionField, CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return new(null, null, null, Failed(request, rejected.Problem, id));
        using var fields = FieldSource.Of(body);
        var index = fields.Int("trainee", "Numéro de stagiaire attendu (nombre entier).");
        if (index is null && !fields.Errors.Any) fields.Errors.Add("trainee", "Indiquez le numéro du stagiaire.");
        var version = fields.Text(FormVersion.Field);
        string? decision = null;
        if (decisionField is not null)
        {
            decision = fields.Text(decisionField)?.Trim();
            if (decision is not ("confirm" or "refuse")) fields.Errors.Add(decisionField, "Indiquez « confirm » (déclaration acceptée) ou « refuse » (tarif professionnel).");
        }
        if (fields.Errors.Any) return new(null, null, null, Failed(request, Problems.Validation(fields.Errors), id));
        if (await store.GetAsync(id, cancellationToken) is not { } enrolment)
            return new(null, null, null, Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id));
        if (FormVersion.IsStale(version, enrolment)) return new(null, null, null, Failed(request, FormVersion.Stale(), id));
        if (index < 0 || index >= enrolment.Trainees.Count)
            return new(null, null, null, Failed(request, Problems.Validation("trainee", $"Cette inscription compte {enrolment.Trainees.Count} stagiaire(s) : indiquez un numéro de 0 à {enrolment.Trainees.Count - 1}."), id));
        return new(enrolment, enrolment.Trainees[index!.Value].Email, decision, null);
    }

    private IActionResult Refusal(HttpRequest request) => ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
}
