using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;
using Monalisa.Functions.Storage;
using static Monalisa.Functions.Staff.StaffMoneyFunctions;
using M = Monalisa.Domain.Enrolment.EnrolmentMessages;

namespace Monalisa.Functions.Staff;

/// <summary>
/// « Remplacer un·e stagiaire »: the same place, at the same price, goes to another person of the same organisation.
/// The domain decides (<see cref="StaffReplacement"/>); the commit swaps the trainee locks in the enrolment's
/// transaction, so two requests naming the same new person can never both give them a place.
/// </summary>
internal sealed class StaffReplaceFunctions(
    EnrolmentStore store, EnrolmentTransitions transitions, CourseCatalogue catalogue, TimeProvider clock, StaffAccess access,
    TableServiceClient tables, StorageSetup storage, TraineeLocks locks)
{
    /// <summary><c>{trainee: 0, firstName, lastName, email, phone?, jobTitle?}</c>: organisation and category stay the replaced trainee's.</summary>
    [Function("StaffReplaceTrainee")]
    public async Task<IActionResult> Replace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/replace")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member })
            return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Failed(request, rejected.Problem, id);
        using var fields = FieldSource.Of(body);
        var index = fields.Int("trainee", "Numéro de stagiaire attendu (nombre entier).");
        if (index is null && !fields.Errors.Any) fields.Errors.Add("trainee", "Indiquez le numéro du stagiaire remplacé.");
        // The enrolment form's rules, one message per field: names, address (normalised), phone, job title.
        var errors = fields.Errors;
        var first = EnrolmentValidator.Required(fields.Text("firstName"), FieldLimits.Name, "firstName", M.FirstNameRequired, errors);
        var last = EnrolmentValidator.Required(fields.Text("lastName"), FieldLimits.Name, "lastName", M.LastNameRequired, errors);
        var email = EnrolmentValidator.Email(fields.Text("email"), "email", M.EmailRequired, errors);
        var phone = EnrolmentValidator.Phone(fields.Text("phone"), "phone", errors);
        var jobTitle = EnrolmentValidator.Limited(fields.Text("jobTitle"), FieldLimits.JobTitle, "jobTitle", errors);
        if (errors.Any) return Failed(request, Problems.Validation(errors), id);

        if (await store.GetAsync(id, cancellationToken) is not { } enrolment)
            return Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id);
        if (index < 0 || index >= enrolment.Trainees.Count)
            return Failed(request, Problems.Validation("trainee", $"Cette inscription compte {enrolment.Trainees.Count} stagiaire(s) : indiquez un numéro de 0 à {enrolment.Trainees.Count - 1}."), id);
        if (catalogue.FindSession(enrolment.SessionId) is not { } found)
            return Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused, "Cette session n'est plus au catalogue : ses stagiaires ne se remplacent plus."), id);
        // Named by address: a repeated post finds the new person at this index and changes nothing.
        var leaving = enrolment.Trainees[index!.Value].Email;
        var replacement = new Trainee(first!, last!, email!, phone, null, jobTitle, enrolment.Trainees[index.Value].Category);

        if (!Same(leaving, email!))
        {
            // Checked first for a clear answer; the commit's lock insert makes it hold when two requests race.
            var others = enrolment.Trainees.Where((_, i) => i != index).Any(t => Same(t.Email, email!));
            var probe = enrolment with { Trainees = [replacement] };
            if (others || (await locks.HoldersAsync(await TableAsync(), probe, cancellationToken)).Count > 0)
                return AlreadyEnrolled(request, id);
        }

        var command = new EnrolmentCommand.TraineeReplaced(leaving, replacement, clock.Today(), found.Session.Start, member.Name);
        var outcome = await transitions.ApplyAsync(id, command, member.Actor, cancellationToken);
        return outcome switch
        {
            TransitionOutcome.Applied { After: var after } => Done(request, id, "remplacement", MoneyView.Of(after)),
            TransitionOutcome.Unchanged { Enrolment: var same } => Done(request, id, "remplacement", MoneyView.Of(same)),
            TransitionOutcome.LockTaken => AlreadyEnrolled(request, id),
            TransitionOutcome.Refused { Enrolment: var refused } => Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Un·e stagiaire ne se remplace que sur une inscription qui garde ses places (hors contrat à ses frais), avant le début de la session ; celle-ci est « {StateNames.French(refused.State)} »."), id),
            _ => Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id),
        };
    }

    private static IActionResult AlreadyEnrolled(HttpRequest request, string id) => Failed(request, Problems.Conflict(ProblemTypes.AlreadyEnrolled,
        "Cette personne est déjà inscrite à cette session : elle ne peut pas remplacer un·e stagiaire. Rien n'a été changé."), id);

    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Enrolments);
    }

    private static bool Same(string a, string b) => TraineeLocks.Comparable(a) == TraineeLocks.Comparable(b);
}
