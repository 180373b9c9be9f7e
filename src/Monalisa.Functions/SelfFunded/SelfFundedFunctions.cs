using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.SelfFunded;

/// <summary>
/// Self-funded trainees: the daily instalment timer, the withdrawal link (GET shows a confirmation, POST withdraws),
/// the overdue instalment's payment link, and staff's withdrawal on the trainee's behalf. Transport only.
/// </summary>
internal sealed class SelfFundedFunctions(InstalmentLedger ledger, EnrolmentStore store, TimeProvider clock)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

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
        var token = request.Query["token"].ToString();
        if (await store.GetAsync(id, cancellationToken) is not { } enrolment || !InstalmentLedger.TokenMatches(token, enrolment))
            return Page(404, "Lien introuvable", "<p>Aucune inscription ne correspond à ce lien.</p>");
        return Page(200, "Se rétracter", $"""
            <p>Vous pouvez renoncer à la formation sans frais ni motif jusqu'au <strong>{E(LastDay(enrolment))}</strong> inclus (article L6353-5 du Code du travail).
            Votre place sera libérée et rien ne sera débité.</p>
            <p>Référence de l'inscription : {E(enrolment.Id)}</p>
            <form method="post" action="?token={E(Uri.EscapeDataString(token))}">
            <input type="hidden" name="token" value="{E(token)}">
            <button type="submit">Je me rétracte</button></form>
            """);
    }

    [Function("Withdraw")]
    public async Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enrolments/{id}/withdraw")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var token = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken))["token"].ToString() : "";
        if (string.IsNullOrEmpty(token)) token = request.Query["token"].ToString();
        if (await store.GetAsync(id, cancellationToken) is not { } enrolment || !InstalmentLedger.TokenMatches(token, enrolment))
            return Page(404, "Lien introuvable", "<p>Aucune inscription ne correspond à ce lien.</p>");
        return Answer(await ledger.WithdrawAsync(id, cancellationToken));
    }

    [Function("PayOverdueInstalment")]
    public async Task<IActionResult> Pay(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enrolments/{id}/instalment")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } enrolment || !InstalmentLedger.TokenMatches(request.Query["token"].ToString(), enrolment))
            return Page(404, "Lien introuvable", "<p>Aucune inscription ne correspond à ce lien.</p>");
        return await ledger.RecoveryCheckoutAsync(enrolment, cancellationToken) is { } url
            ? ApiResults.SeeOther(url).ToActionResult()
            : Page(409, "Rien à régler", "<p>Aucune échéance n'est en attente de règlement pour cette inscription, ou le paiement en ligne est momentanément indisponible. Contactez l'équipe formation.</p>");
    }

    [Function("StaffWithdrawEnrolment")]
    public async Task<IActionResult> StaffWithdraw(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "staff/enrolments/{id}/withdraw")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await ledger.WithdrawAsync(id, cancellationToken) switch
        {
            WithdrawalOutcome.Withdrawn w => TypedResults.Ok(EnrolmentStateView.Of(id, w.Enrolment.State)).ToActionResult(),
            WithdrawalOutcome.TooLate late => ApiResults.Problem(Problems.Conflict("retractation-hors-delai", "Délai de rétractation dépassé.",
                $"Le délai de rétractation a pris fin le {late.LastDay.ToString("d MMMM yyyy", French)}.")).ToActionResult(),
            WithdrawalOutcome.NotPossible np => ApiResults.Problem(Problems.Conflict("transition-refusee", "Changement impossible.",
                $"Une inscription dans l'état « {StateNames.French(np.State)} » ne peut pas faire l'objet d'une rétractation.")).ToActionResult(),
            _ => ApiResults.Problem(Problems.NotFound("Aucune inscription à ses frais ne correspond à cet identifiant.")).ToActionResult(),
        };

    private static IActionResult Answer(WithdrawalOutcome outcome) => outcome switch
    {
        WithdrawalOutcome.Withdrawn => Page(200, "Rétractation enregistrée",
            "<p>Votre rétractation est enregistrée. Votre place est libérée et aucune somme ne sera débitée. Vous recevez une confirmation par e-mail.</p>"),
        WithdrawalOutcome.TooLate late => Page(409, "Délai de rétractation dépassé",
            $"<p>Le délai de rétractation de 10 jours a pris fin le {E(late.LastDay.ToString("d MMMM yyyy", French))}. " +
            "Il n'est plus possible de se rétracter en ligne. Pour interrompre ou annuler la formation, les conditions de l'article 7 du contrat s'appliquent : écrivez à l'équipe formation.</p>"),
        WithdrawalOutcome.NotPossible np => Page(409, "Rétractation impossible",
            $"<p>Cette inscription est dans l'état « {E(StateNames.French(np.State))} » : il n'y a plus rien à rétracter. Contactez l'équipe formation si besoin.</p>"),
        _ => Page(404, "Lien introuvable", "<p>Aucune inscription ne correspond à ce lien.</p>"),
    };

    private string LastDay(EnrolmentRecord enrolment) =>
        Domain.SelfFunded.InstalmentSchedule.WithdrawalEndsOn(enrolment.SignedOn(clock.LocalTimeZone)).ToString("d MMMM yyyy", French);

    private static IActionResult Page(int status, string title, string body)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append(" — MONALISA</title>");
        html.Append("<style>body{font:1.05rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}button{font:inherit;padding:.7rem 1.4rem;background:#0b4f8a;color:#fff;border:0;border-radius:.4rem}:focus-visible{outline:3px solid #d4351c;outline-offset:2px}</style></head><body><main>");
        html.Append("<h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return ApiResults.Html(status, html.ToString()).ToActionResult();
    }

    private static string E(string text) => Html.Encode(text);
}
