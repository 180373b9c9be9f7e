using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.ChorusPro;

/// <summary>
/// The enrolment form's look-up of a public body (<c>GET /api/chorus/structures/{siret}</c>): its name and the codes
/// its invoices must carry, so the form asks for them before it is sent (the server checks again on submit).
/// </summary>
internal sealed partial class ChorusProFunctions(IPublicBuyerDirectory directory, FormGate gate, ChorusProSettings settings)
{
    [Function("ChorusStructure")]
    public async Task<IActionResult> Structure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chorus/structures/{siret}")] HttpRequest request, string siret, CancellationToken cancellationToken)
    {
        var digits = siret.Replace(" ", "", StringComparison.Ordinal);
        if (!Siret().IsMatch(digits))
            return ApiResults.Problem(Problems.Validation("payer.siret", EnrolmentMessages.SiretInvalid)).ToActionResult();
        if (await gate.CheckLookupAsync(request, "chorus-structure", settings.LookupsPerAddressPerHour, cancellationToken) is { } refused)
            return refused.ToActionResult();
        IResult answer = await directory.CheckAsync(digits, cancellationToken) switch
        {
            PublicBuyerCheck.Found found => TypedResults.Ok(new StructureView(found.Name, found.Requirements.ServiceCode, found.Requirements.CommitmentNumber, found.Requirements.EitherOne)),
            PublicBuyerCheck.Unknown => ApiResults.Problem(Problems.Validation("payer.siret", EnrolmentMessages.PublicBodySiretUnknown)),
            _ => ApiResults.Problem(Problems.Unavailable(
                "L'annuaire Chorus Pro ne répond pas. Vous pouvez envoyer l'inscription : l'équipe formation vérifiera le code service et le numéro d'engagement avant de déposer la facture.")),
        };
        return answer.ToActionResult();
    }

    [GeneratedRegex("^[0-9]{14}$")]
    private static partial Regex Siret();
}

/// <summary>
/// The timers that deposit and follow public buyers' invoices (their own class: the form's look-up needs no ledger).
/// Timers, not a queue: the invoice's <c>chorus|</c> row is the work item, written with the invoice so it cannot be
/// lost, and Invoicing need not know this feature; public accounting pays within 30 days, so minutes cost nothing.
/// </summary>
internal sealed class ChorusProTimers(ChorusDeposits deposits)
{
    [Function("DepositChorusInvoices")]
    public Task DepositAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        deposits.DepositDueAsync(cancellationToken);

    [Function("FollowChorusInvoices")]
    public Task FollowAsync([TimerTrigger("0 20 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        deposits.FollowAsync(cancellationToken);
}

/// <summary>What the form needs of a public body's directory entry: its name and which codes its invoices must carry.</summary>
internal sealed record StructureView(string Name, bool ServiceCodeRequired, bool CommitmentNumberRequired, bool ServiceCodeOrCommitment);
