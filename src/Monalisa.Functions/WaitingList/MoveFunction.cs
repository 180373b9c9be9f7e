using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Domain.Validation;
using Monalisa.Domain.WaitingList;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.WaitingList;

/// <summary>
/// Staff move trainees to another session: <c>{"toSession": "…", "trainees": "0,2"}</c> (no trainees: all), JSON or form.
/// A form post answers 303 to the enrolment's console page; JSON answers the two enrolments. Transport only.
/// </summary>
internal sealed class MoveFunction(TraineeMoves moves, StaffAccess access)
{
    private const int MaxTrainees = 50;

    internal sealed record MovedView(string Id, string Status, string TargetId, string TargetSession, string TargetStatus);

    [Function("StaffMoveTrainees")]
    public async Task<IActionResult> Move(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/move")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member })
            return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return ApiResults.Problem(rejected.Problem).ToActionResult();
        using var fields = FieldSource.Of(body);
        var toSession = fields.Text("toSession")?.Trim();
        if (string.IsNullOrEmpty(toSession)) fields.Errors.Add("toSession", "Indiquez la session de destination.");
        var trainees = Indexes(fields.Text("trainees"), fields.Errors);
        if (fields.Errors.Any) return Answer(request, id, ApiResults.Problem(Problems.Validation(fields.Errors)), Problems.Validation(fields.Errors));

        var outcome = await moves.MoveAsync(id, toSession!, trainees, member.Actor, cancellationToken);
        if (outcome is MoveOutcome.Moved moved)
            return BodyReader.IsForm(request)
                ? ApiResults.SeeOther($"/api/equipe/inscriptions/{Uri.EscapeDataString(id)}?fait=deplace").ToActionResult()
                : TypedResults.Ok(new MovedView(id, StateNames.Api(moved.Source.State), moved.Target.Id, moved.Target.SessionId, StateNames.Api(moved.Target.State))).ToActionResult();
        var problem = outcome switch
        {
            MoveOutcome.UnknownSession => Problems.Validation("toSession", "Aucune session ne porte cet identifiant."),
            MoveOutcome.NotEnoughSeats full => Problems.Conflict(ProblemTypes.NotEnoughSeats,
                $"La session de destination n'a que {full.SeatsLeft} place(s) libre(s) : rien n'a été déplacé."),
            MoveOutcome.AlreadyThere there => Problems.Conflict(ProblemTypes.AlreadyEnrolled,
                $"Le stagiaire n° {there.TraineeIndex + 1} est déjà inscrit sur la session de destination : rien n'a été déplacé."),
            MoveOutcome.Refused { Why: MoveDecision.WrongState wrong } => Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Une inscription dans l'état « {StateNames.French(wrong.State)} » ne peut pas être déplacée."),
            MoveOutcome.Refused { Why: MoveDecision.SameSession } => Problems.Validation("toSession", "Choisissez une autre session que celle de l'inscription."),
            MoveOutcome.Refused { Why: MoveDecision.OtherCourse } => Problems.Validation("toSession", "La session de destination doit être une session de la même formation."),
            MoveOutcome.Refused { Why: MoveDecision.UnknownTrainee unknown } => Problems.Validation("trainees", $"L'inscription n'a pas de stagiaire n° {unknown.Index + 1}."),
            _ => Problems.NotFound("Aucune inscription ne correspond à cet identifiant."),
        };
        return Answer(request, id, ApiResults.Problem(problem), problem);
    }

    private static IActionResult Answer(HttpRequest request, string id, IResult json, ProblemDetails problem) =>
        FormErrorPage.Wanted(request)
            ? FormErrorPage.For(problem, $"/api/equipe/inscriptions/{Uri.EscapeDataString(id)}").ToActionResult()
            : json.ToActionResult();

    /// <summary>« 0,2 » → [0, 2]; empty → null (every trainee).</summary>
    private static List<int>? Indexes(string? text, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var indexes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= MaxTrainees)
            {
                errors.Add("trainees", "Indiquez les numéros des stagiaires séparés par des virgules (par exemple « 0,2 »).");
                return null;
            }
            indexes.Add(index);
        }
        return indexes;
    }
}
