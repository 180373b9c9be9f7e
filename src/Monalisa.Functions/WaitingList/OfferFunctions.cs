using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Content.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;
using Monalisa.Domain.Text;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.WaitingList;

/// <summary>
/// The links of a waiting-list offer email. Each GET only shows a page (a mail scanner's or a preview's GET changes
/// nothing); its button POSTs: confirm (card: the Checkout opens; invoice: the invoice hold starts) or decline (the
/// places go to the next in line at once). Transport only: the domain decides, the store writes.
/// </summary>
internal sealed class OfferFunctions(
    EnrolmentStore store, EnrolmentTransitions transitions, ICheckoutGateway checkout, CourseCatalogue catalogue,
    EmailedLinks links, EnrolmentOptions options, TimeProvider clock)
{
    [Function("ShowWaitingListOffer")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enrolments/{id}/offer")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => await PageAsync(request, id, "offre-place", "Une place vous est proposée", cancellationToken);

    [Function("ShowWaitingListDecline")]
    public async Task<IActionResult> ShowDecline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "enrolments/{id}/offer/decline")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) => await PageAsync(request, id, "offre-refus", "Je ne suis plus intéressé·e", cancellationToken);

    [Function("AcceptWaitingListOffer")]
    public async Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enrolments/{id}/offer/accept")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, _, refused) = await OpenLinkAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        // A new access token for the card payment's return pages: the first one was never stored.
        var access = AccessToken.New().Token;
        var outcome = await transitions.ApplyAsync(id, new EnrolmentCommand.OfferAccepted(options.Hold, options.Holds, AccessToken.Hash(access)), Actor.Payer, cancellationToken);
        return outcome switch
        {
            TransitionOutcome.Applied { After: { State: EnrolmentState.PendingPayment } after } => await CheckoutAsync(after, access, cancellationToken),
            TransitionOutcome.Applied { After: { State: EnrolmentState.AwaitingInvoice } after } => InvoicePage(after),
            // A second click: the Checkout opened by the first, or the invoice hold already running.
            TransitionOutcome.Unchanged { Enrolment: { State: EnrolmentState.PendingPayment, CheckoutUrl: { Length: > 0 } url } } => ApiResults.SeeOther(url).ToActionResult(),
            TransitionOutcome.Unchanged { Enrolment: { State: EnrolmentState.AwaitingInvoice } same } => InvoicePage(same),
            _ => Closed(enrolment),
        };
    }

    [Function("DeclineWaitingListOffer")]
    public async Task<IActionResult> Decline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enrolments/{id}/offer/decline")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, _, refused) = await OpenLinkAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        return await transitions.ApplyAsync(id, new EnrolmentCommand.OfferDeclined(), Actor.Payer, cancellationToken) switch
        {
            TransitionOutcome.Applied or TransitionOutcome.Unchanged { Enrolment.State: EnrolmentState.OfferDeclined } => Page(200, "Proposition déclinée",
                "C'est noté : la place qui vous était proposée est offerte à la personne suivante sur la liste d'attente. Merci de nous avoir prévenus."),
            _ => Closed(enrolment),
        };
    }

    private async Task<IActionResult> PageAsync(HttpRequest request, string id, string template, string title, CancellationToken cancellationToken)
    {
        var (enrolment, token, refused) = await OpenLinkAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        if (enrolment.State != EnrolmentState.Offered || enrolment.HoldExpiresAt <= clock.GetUtcNow()) return Closed(enrolment);
        var found = catalogue.FindSession(enrolment.SessionId);
        return ApiResults.Html(200, PageRenderer.Api.Render(template, title, new Dictionary<string, object?>
        {
            ["course_title"] = found?.Course.Title,
            ["session"] = found?.Session,
            ["places"] = enrolment.Trainees.Count,
            ["expires_at"] = enrolment.HoldExpiresAt,
            ["card"] = enrolment.PaymentMethod == PaymentMethod.Card,
            ["total"] = FrenchFormat.EurosFromCents(enrolment.TotalCents),
            ["self_funded"] = enrolment.SelfFunded,
            ["enrolment_id"] = enrolment.Id,
            ["token"] = token,
            ["token_query"] = SitePages.TokenOnly(token),
        }, options.SiteOrigin)).ToActionResult();
    }

    /// <summary>Card: the Stripe Checkout, as for a new card enrolment. Without it the hold simply lapses and the places go on.</summary>
    private async Task<IActionResult> CheckoutAsync(EnrolmentRecord enrolment, string access, CancellationToken cancellationToken)
    {
        if (catalogue.FindSession(enrolment.SessionId) is { } found
            && await checkout.CreateAsync(enrolment, found.Course, found.Session, access, cancellationToken) is CheckoutOutcome.Created created)
        {
            await store.AttachCheckoutAsync(enrolment, created.SessionId, created.Url, cancellationToken);
            return ApiResults.SeeOther(created.Url).ToActionResult();
        }
        return Page(503, "Paiement momentanément indisponible",
            $"Votre place est retenue jusqu'au {FrenchFormat.DateTime(enrolment.HoldExpiresAt ?? clock.GetUtcNow())}, mais la page de paiement n'a pas pu s'ouvrir. Réessayez dans quelques minutes depuis le lien de l'e-mail, ou contactez l'équipe formation.");
    }

    private IActionResult InvoicePage(EnrolmentRecord enrolment) => Page(200, "Inscription enregistrée",
        $"Votre inscription est enregistrée : les places sont retenues en attente de règlement jusqu'au {FrenchFormat.DateTime(enrolment.HoldExpiresAt ?? clock.GetUtcNow())}. Vous recevez un e-mail avec le devis et les modalités de règlement.");

    private IActionResult Closed(EnrolmentRecord enrolment) => Page(409, "Proposition close",
        enrolment.SelfFunded && enrolment.State == EnrolmentState.Offered
            ? "Une inscription à vos frais demande un contrat de formation et un délai de rétractation : l'équipe formation vous contacte pour la confirmer."
            : $"Cette proposition n'est plus ouverte (état : « {StateNames.French(enrolment.State)} »). Contactez l'équipe formation si besoin.");

    private IActionResult Page(int status, string title, string message) => links.Page(status, title, message);

    /// <summary>The request an offer link opens (EmailedLinks, as the withdrawal link).</summary>
    private Task<(EnrolmentRecord Enrolment, string Token, IActionResult? Refused)> OpenLinkAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        links.OpenAsync(request, id, "Aucune proposition ne correspond à ce lien.", cancellationToken);
}
