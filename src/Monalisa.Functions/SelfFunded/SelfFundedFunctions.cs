using Monalisa.Content;
using Monalisa.Content.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Domain.Text;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.SelfFunded;

/// <summary>
/// Self-funded trainees: the daily instalment timer, the withdrawal link (GET shows a confirmation, POST withdraws),
/// the overdue instalment's payment link, and staff's withdrawal on the trainee's behalf. Transport only.
/// </summary>
internal sealed class SelfFundedFunctions(InstalmentLedger ledger, TimeProvider clock, EmailedLinks links, EnrolmentOptions options, Identity.StaffAccess access)
{

    /// <summary>Every day at 06:00 UTC (7 or 8 h in Paris): charges due instalments, releases places whose grace ran out.</summary>
    [Function("ChargeInstalments")]
    public async Task Run([TimerTrigger("0 0 6 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        await ledger.ChargeDueAsync(cancellationToken);

    [Function("ShowWithdrawal")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enrolments/{id}/withdraw")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, token, refused) = await OpenLinkAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        return ApiResults.Html(200, PageRenderer.Api.Render("retractation", "Se rétracter", new Dictionary<string, object?>
        {
            ["last_day"] = LastDay(enrolment),
            ["enrolment_id"] = enrolment.Id,
            ["token"] = token,
            ["token_query"] = SitePages.TokenOnly(token),
        }, options.SiteOrigin)).ToActionResult();
    }

    [Function("Withdraw")]
    public async Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enrolments/{id}/withdraw")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, token, refused) = await OpenLinkAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        return Answer(await ledger.WithdrawAsync(id, Actor.Payer, cancellationToken));
    }

    /// <summary>
    /// The link in the email shows a page whose button opens the payment: a GET (a mail scanner's, a preview's) never
    /// opens a Checkout. The form works without JavaScript.
    /// </summary>
    [Function("ShowOverdueInstalment")]
    public async Task<IActionResult> ShowInstalment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enrolments/{id}/instalment")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, token, refused) = await OpenLinkAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        if (InstalmentLedger.Overdue(enrolment) is not { } overdue) return NothingDuePage();
        return ApiResults.Html(200, PageRenderer.Api.Render("echeance", "Régler une échéance", new Dictionary<string, object?>
        {
            ["number"] = overdue.Number,
            ["amount"] = FrenchFormat.EurosFromCents(overdue.AmountCents),
            ["enrolment_id"] = enrolment.Id,
            ["token"] = token,
            ["token_query"] = SitePages.TokenOnly(token),
        }, options.SiteOrigin)).ToActionResult();
    }

    [Function("PayOverdueInstalment")]
    public async Task<IActionResult> Pay(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enrolments/{id}/instalment")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, token, refused) = await OpenLinkAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        return await ledger.RecoveryCheckoutAsync(enrolment, cancellationToken) is { } url
            ? ApiResults.SeeOther(url).ToActionResult()
            : NothingDuePage();
    }

    private IActionResult NothingDuePage() =>
        Page(409, "Rien à régler", "Aucune échéance n'est en attente de règlement pour cette inscription, ou le paiement en ligne est momentanément indisponible. Contactez l'équipe formation.");

    [Function("StaffWithdrawEnrolment")]
    public async Task<IActionResult> StaffWithdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/withdraw")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member })
            return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        // {receivedOn: "2027-01-20"}: the withdrawal letter's date. Without a body (the route's first version): today.
        DateOnly? letterOn = null;
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var body = await BodyReader.ReadAsync(request, cancellationToken);
            if (body is Body.Rejected rejected) return ConsoleReplies.Reply(request, id, "retractation", ApiResults.Problem(rejected.Problem));
            using var fields = FieldSource.Of(body);
            var text = fields.Text("receivedOn")?.Trim();
            if (string.IsNullOrEmpty(text)) { if (!fields.Errors.Any) fields.Errors.Add("receivedOn", "Indiquez la date de la lettre de rétractation (AAAA-MM-JJ)."); }
            else if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                fields.Errors.Add("receivedOn", "Date attendue au format AAAA-MM-JJ (par exemple 2027-01-20).");
            else if (day > Monalisa.Domain.Catalogue.ParisTime.Today(clock))
                fields.Errors.Add("receivedOn", "La date de la lettre ne peut pas être dans le futur.");
            else letterOn = day;
            if (fields.Errors.Any) return ConsoleReplies.Reply(request, id, "retractation", ApiResults.Problem(Problems.Validation(fields.Errors)));
        }
        return ConsoleReplies.Reply(request, id, "retractation", StaffAnswer(await ledger.WithdrawAsync(id, member.Actor, cancellationToken, letterOn), id));
    }

    private static IResult StaffAnswer(WithdrawalOutcome outcome, string id) =>
        outcome switch
        {
            WithdrawalOutcome.Withdrawn w => TypedResults.Ok(EnrolmentStateView.Of(id, w.Enrolment.State)),
            WithdrawalOutcome.TooLate late => ApiResults.Problem(Problems.Conflict(ProblemTypes.WithdrawalTooLate,
                $"Le délai de rétractation a pris fin le {FrenchFormat.Date(late.LastDay)}.")),
            WithdrawalOutcome.NotPossible np => ApiResults.Problem(Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Une inscription dans l'état « {StateNames.French(np.State)} » ne peut pas faire l'objet d'une rétractation.")),
            _ => ApiResults.Problem(Problems.NotFound("Aucune inscription à ses frais ne correspond à cet identifiant.")),
        };

    private IActionResult Answer(WithdrawalOutcome outcome) => outcome switch
    {
        WithdrawalOutcome.Withdrawn => Page(200, "Rétractation enregistrée",
            "Votre rétractation est enregistrée. Votre place est libérée et aucune somme ne sera débitée. Vous recevez une confirmation par e-mail."),
        WithdrawalOutcome.TooLate late => Page(409, "Délai de rétractation dépassé",
            $"Le délai de rétractation de 10 jours a pris fin le {FrenchFormat.Date(late.LastDay)}. " +
            "Il n'est plus possible de se rétracter en ligne. Pour interrompre ou annuler la formation, les conditions de l'article 7 du contrat s'appliquent : écrivez à l'équipe formation."),
        WithdrawalOutcome.NotPossible np => Page(409, "Rétractation impossible",
            $"Cette inscription est dans l'état « {StateNames.French(np.State)} » : il n'y a plus rien à rétracter. Contactez l'équipe formation si besoin."),
        _ => NotFoundPage(),
    };

    private DateOnly LastDay(EnrolmentRecord enrolment) =>
        Domain.SelfFunded.InstalmentSchedule.WithdrawalEndsOn(enrolment.SignedOn(clock.LocalTimeZone));

    private IActionResult NotFoundPage() => Page(404, "Lien introuvable", "Aucune inscription ne correspond à ce lien.");

    /// <summary>The enrolment a withdrawal or instalment link opens (EmailedLinks).</summary>
    private Task<(EnrolmentRecord Enrolment, string Token, IActionResult? Refused)> OpenLinkAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        links.OpenAsync(request, id, "Aucune inscription ne correspond à ce lien.", cancellationToken);

    private IActionResult Page(int status, string title, string message) => links.Page(status, title, message);
}
