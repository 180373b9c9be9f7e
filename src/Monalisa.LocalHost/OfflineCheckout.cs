using System.Globalization;
using System.Net;
using System.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Payments;
using Monalisa.Functions.SelfFunded;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Identity;

namespace Monalisa.LocalHost;

/// <summary>
/// Stands in for Stripe Checkout when no key is configured: the checkout URL is a clearly labelled local page whose
/// « Payer » button sends the real webhook function a checkout.session.completed event, signed by Stripe's algorithm.
/// </summary>
internal sealed class OfflineCheckoutGateway(EnrolmentOptions options) : ICheckoutGateway
{
    public const string SessionPrefix = "cs_offline_";

    public Task<CheckoutOutcome> CreateAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, CancellationToken cancellationToken)
    {
        var id = SessionPrefix + enrolment.Id;
        var url = options.SitePage($"_dev/checkout/{id}", $"token={Uri.EscapeDataString(token)}");
        return Task.FromResult<CheckoutOutcome>(new CheckoutOutcome.Created(id, url));
    }
}

/// <summary>
/// Self-funded trainees without Stripe keys: the card « setup » is a local page that sends a signed setup-completed
/// webhook, and every off-session charge succeeds (no money exists offline).
/// </summary>
internal sealed class OfflineInstalmentGateway(EnrolmentOptions options) : IInstalmentGateway
{
    public const string SetupPrefix = "cs_offline_setup_";
    public const string PaymentMethod = "pm_offline_card";

    public Task<SetupOutcome> CreateSetupAsync(EnrolmentRecord enrolment, Course course, CourseSession session, string token, CancellationToken cancellationToken)
    {
        var id = SetupPrefix + enrolment.Id;
        var url = options.SitePage($"_dev/setup/{id}", $"token={Uri.EscapeDataString(token)}");
        return Task.FromResult<SetupOutcome>(new SetupOutcome.Created(id, url, "cus_offline_" + enrolment.Id));
    }

    public Task<string?> PaymentMethodOfSetupAsync(string setupIntentId, CancellationToken cancellationToken) => Task.FromResult<string?>(PaymentMethod);

    public Task<ChargeOutcome> ChargeAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, CancellationToken cancellationToken) =>
        Task.FromResult<ChargeOutcome>(new ChargeOutcome.Succeeded($"pi_offline_{enrolment.Id}_{instalment.Number}"));

    public Task<CheckoutOutcome> CreateInstalmentCheckoutAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, Course course, CancellationToken cancellationToken) =>
        Task.FromResult<CheckoutOutcome>(new CheckoutOutcome.Unavailable("offline charges never fail"));
}

/// <summary>Offline refunds always succeed: there is no money to give back.</summary>
internal sealed class OfflineRefundGateway : IRefundGateway
{
    public Task<bool> RefundAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken) => Task.FromResult(true);
}

internal static class OfflineCheckoutPages
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static IEndpointRouteBuilder MapOfflineCheckout(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_dev/checkout/{checkoutId}", async (string checkoutId, string? token, EnrolmentStore store, CourseCatalogue catalogue, HttpContext context) =>
        {
            if (await FindAsync(checkoutId, token, store, context.RequestAborted) is not { } enrolment)
                return Results.NotFound();
            var (course, session) = catalogue.FindSession(enrolment.SessionId)!.Value;
            return Results.Content(Page(enrolment, course, session, checkoutId, token!), "text/html; charset=utf-8");
        });

        endpoints.MapPost("/_dev/checkout/{checkoutId}/pay", async (string checkoutId, HttpContext context, EnrolmentStore store,
            StripeSettings stripe, EnrolmentOptions options, TimeProvider clock, IHttpClientFactory http) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var token = form["token"].ToString();
            if (await FindAsync(checkoutId, token, store, context.RequestAborted) is not { } enrolment)
                return Results.NotFound();

            var now = clock.GetUtcNow();
            var payload = StripeEvents.CheckoutEvent("evt_offline_" + RecordId.RandomText(16), "checkout.session.completed",
                enrolment with { CheckoutSessionId = checkoutId }, now);
            if (await SendSignedWebhookAsync(context, http, stripe, payload) is { } failure)
                return failure;

            var query = $"id={Uri.EscapeDataString(enrolment.Id)}&token={Uri.EscapeDataString(token)}&session_id={Uri.EscapeDataString(checkoutId)}";
            context.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(options.SitePage("inscription/confirmee/", query), permanent: false, preserveMethod: false);
        }).DisableAntiforgery();

        endpoints.MapGet("/_dev/setup/{checkoutId}", async (string checkoutId, string? token, EnrolmentStore store, CourseCatalogue catalogue, HttpContext context) =>
        {
            if (await FindSetupAsync(checkoutId, token, store, context.RequestAborted) is not { } enrolment)
                return Results.NotFound();
            var (course, session) = catalogue.FindSession(enrolment.SessionId)!.Value;
            static string E(object? value) => Monalisa.Functions.Http.Html.Encode(value?.ToString() ?? "");
            return Results.Content($"""
                <!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Enregistrement de carte hors ligne — MONALISA</title></head><body><main>
                <p role="note"><strong>Enregistrement de carte de test hors ligne.</strong> Aucune carte n'est demandée et rien n'est débité :
                cette page remplace Stripe Checkout (mode « setup ») en local. « Enregistrer la carte » envoie au site un webhook signé comme celui de Stripe.</p>
                <h1>Enregistrer votre carte</h1>
                <p>{E(course.Title)}<br>Session de {E(session.City)}, {E(CheckoutText.Dates(session))}</p>
                <p>Aucun montant n'est débité maintenant. Premier versement (30 % au plus) le 11e jour après la signature, solde le premier jour de la session.</p>
                <form method="post" action="/_dev/setup/{E(checkoutId)}/save"><input type="hidden" name="token" value="{E(token)}">
                <button type="submit">Enregistrer la carte</button></form></main></body></html>
                """, "text/html; charset=utf-8");
        });

        endpoints.MapPost("/_dev/setup/{checkoutId}/save", async (string checkoutId, HttpContext context, EnrolmentStore store,
            StripeSettings stripe, EnrolmentOptions options, TimeProvider clock, IHttpClientFactory http) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var token = form["token"].ToString();
            if (await FindSetupAsync(checkoutId, token, store, context.RequestAborted) is not { } enrolment)
                return Results.NotFound();
            var payload = StripeEvents.SetupCompletedEvent("evt_offline_" + RecordId.RandomText(16), enrolment.Id, enrolment.SessionId, checkoutId,
                "seti_offline_" + enrolment.Id, enrolment.StripeCustomerId, clock.GetUtcNow());
            if (await SendSignedWebhookAsync(context, http, stripe, payload) is { } failure)
                return failure;
            var query = $"id={Uri.EscapeDataString(enrolment.Id)}&token={Uri.EscapeDataString(token)}&session_id={Uri.EscapeDataString(checkoutId)}";
            context.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(options.SitePage("inscription/enregistree/", query), permanent: false, preserveMethod: false);
        }).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<EnrolmentRecord?> FindSetupAsync(string checkoutId, string? token, EnrolmentStore store, CancellationToken cancellationToken)
    {
        if (!checkoutId.StartsWith(OfflineInstalmentGateway.SetupPrefix, StringComparison.Ordinal)) return null;
        var enrolment = await store.GetAsync(checkoutId[OfflineInstalmentGateway.SetupPrefix.Length..], cancellationToken);
        return enrolment is not null && AccessToken.Matches(token, enrolment.TokenHash) ? enrolment : null;
    }

    /// <summary>Posts the event to the real webhook function, signed as Stripe signs; a problem result if it is refused.</summary>
    private static async Task<IResult?> SendSignedWebhookAsync(HttpContext context, IHttpClientFactory http, StripeSettings stripe, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{context.Request.Scheme}://{context.Request.Host}/api/stripe/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        // Stripe.net verifies the signature's age against the real clock, whatever clock the app runs on.
        request.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, stripe.WebhookSecret, DateTimeOffset.UtcNow));
        using var response = await http.CreateClient().SendAsync(request, context.RequestAborted);
        return response.IsSuccessStatusCode ? null : Results.Problem($"Le webhook a répondu {(int)response.StatusCode}.", statusCode: 502);
    }

    private static async Task<EnrolmentRecord?> FindAsync(string checkoutId, string? token, EnrolmentStore store, CancellationToken cancellationToken)
    {
        if (!checkoutId.StartsWith(OfflineCheckoutGateway.SessionPrefix, StringComparison.Ordinal)) return null;
        var enrolment = await store.GetAsync(checkoutId[OfflineCheckoutGateway.SessionPrefix.Length..], cancellationToken);
        return enrolment is not null && AccessToken.Matches(token, enrolment.TokenHash) ? enrolment : null;
    }

    private static string Page(EnrolmentRecord enrolment, Course course, CourseSession session, string checkoutId, string token)
    {
        static string E(object? value) => Monalisa.Functions.Http.Html.Encode(value?.ToString() ?? "");
        static string Euros(decimal amount) => amount.ToString("#,##0.##", French) + " €";
        var query = $"id={Uri.EscapeDataString(enrolment.Id)}&token={Uri.EscapeDataString(token)}";
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Paiement de test hors ligne — MONALISA</title>
            <style>body{"{"}font:1.05rem/1.5 system-ui,sans-serif;max-width:36rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a{"}"}
            .banner{"{"}background:#fff3cd;border:2px solid #8a6d00;padding:.75rem 1rem;border-radius:.5rem{"}"}
            table{"{"}width:100%;border-collapse:collapse{"}"}td,th{"{"}padding:.4rem;border-bottom:1px solid #ccc;text-align:left{"}"}
            .actions{"{"}display:flex;gap:1rem;margin-top:1.5rem;flex-wrap:wrap{"}"}button,a.cancel{"{"}font:inherit;padding:.7rem 1.4rem;border-radius:.4rem{"}"}
            button{"{"}background:#0b4f8a;color:#fff;border:0;cursor:pointer{"}"}a.cancel{"{"}color:#0b4f8a;border:2px solid #0b4f8a;text-decoration:none{"}"}
            :focus-visible{"{"}outline:3px solid #d4351c;outline-offset:2px{"}"}</style></head>
            <body><main>
            <p class="banner" role="note"><strong>Paiement de test hors ligne.</strong> Aucune carte n'est demandée et aucun argent n'est débité :
            cette page remplace Stripe Checkout en local, sans clés. « Payer » envoie au site un webhook signé comme celui de Stripe.</p>
            <h1>Payer l'inscription</h1>
            <p>{E(course.Title)}<br>Session de {E(session.City)}, {E(CheckoutText.Dates(session))}</p>
            <table><caption class="visually-hidden">Détail du paiement</caption><thead><tr><th scope="col">Ligne</th><th scope="col">Quantité</th><th scope="col">Montant</th></tr></thead><tbody>
            """);
        foreach (var line in enrolment.Lines)
            html.Append($"<tr><td>{E(line.Label)}</td><td>{line.Quantity}</td><td>{E(Euros(line.Amount))}</td></tr>");
        html.Append($"""
            </tbody><tfoot><tr><th scope="row" colspan="2">Total</th><td><strong>{E(Euros(enrolment.Total))}</strong></td></tr></tfoot></table>
            <form method="post" action="/_dev/checkout/{E(checkoutId)}/pay" class="actions">
            <input type="hidden" name="token" value="{E(token)}">
            <button type="submit">Payer {E(Euros(enrolment.Total))}</button>
            <a class="cancel" href="/inscription/annulee/?{E(query)}">Annuler</a>
            </form></main></body></html>
            """);
        return html.ToString();
    }
}
