using System.Net;
using System.Text;
using Monalisa.Content.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Payments;
using Monalisa.Functions.SelfFunded;
using Monalisa.Domain.Text;
using Monalisa.Content;
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
        var url = options.SitePage($"_dev/checkout/{id}", SitePages.TokenOnly(token));
        return Task.FromResult<CheckoutOutcome>(new CheckoutOutcome.Created(id, url));
    }

    // The local pages hold no state: nothing to close, and one is never reused.
    public Task ExpireAsync(string checkoutSessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> IsOpenAsync(string checkoutSessionId, CancellationToken cancellationToken) => Task.FromResult(false);
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
        var url = options.SitePage($"_dev/setup/{id}", SitePages.TokenOnly(token));
        return Task.FromResult<SetupOutcome>(new SetupOutcome.Created(id, url, "cus_offline_" + enrolment.Id));
    }

    public Task<string?> PaymentMethodOfSetupAsync(string setupIntentId, CancellationToken cancellationToken) => Task.FromResult<string?>(PaymentMethod);

    public Task<ChargeOutcome> ChargeAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, CancellationToken cancellationToken) =>
        Task.FromResult<ChargeOutcome>(new ChargeOutcome.Succeeded($"pi_offline_{enrolment.Id}_{instalment.Number}"));

    public Task<CheckoutOutcome> CreateInstalmentCheckoutAsync(EnrolmentRecord enrolment, InstalmentEntry instalment, Course course, int attempt, CancellationToken cancellationToken) =>
        Task.FromResult<CheckoutOutcome>(new CheckoutOutcome.Unavailable("offline charges never fail"));
}

/// <summary>Offline refunds always succeed: there is no money to give back.</summary>
internal sealed class OfflineRefundGateway : IRefundGateway
{
    public Task<bool> RefundAsync(string paymentIntentId, string idempotencyKey, string enrolmentId, CancellationToken cancellationToken) => Task.FromResult(true);
}

internal static class OfflineCheckoutPages
{
    public static IEndpointRouteBuilder MapOfflineCheckout(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_dev/checkout/{checkoutId}", CheckoutPageAsync);
        endpoints.MapPost("/_dev/checkout/{checkoutId}/pay", PayAsync).DisableAntiforgery();
        endpoints.MapGet("/_dev/setup/{checkoutId}", SetupPageAsync);
        endpoints.MapPost("/_dev/setup/{checkoutId}/save", SaveCardAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>The stand-in for Stripe's hosted checkout page.</summary>
    private static async Task<IResult> CheckoutPageAsync(string checkoutId, string? token, EnrolmentStore store, CourseCatalogue catalogue, HttpContext context)
    {
        if (await FindAsync(checkoutId, token, store, context.RequestAborted) is not { } enrolment)
            return Results.NotFound();
        var (course, session) = catalogue.FindSession(enrolment.SessionId)!.Value;
        return Results.Content(Page(enrolment, course, session, checkoutId, token!), "text/html; charset=utf-8");
    }

    /// <summary>« Payer »: the webhook hears the payment as Stripe would tell it, then the visitor lands where Stripe sends them.</summary>
    private static async Task<IResult> PayAsync(string checkoutId, HttpContext context, EnrolmentStore store,
        StripeSettings stripe, EnrolmentOptions options, TimeProvider clock, IHttpClientFactory http)
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

        var query = SitePages.Access(enrolment.Id, token, checkoutId);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(options.SitePage(SitePages.EnrolmentConfirmed, query), permanent: false, preserveMethod: false);
    }

    /// <summary>The stand-in for Stripe's card setup page (self-funded trainees).</summary>
    private static async Task<IResult> SetupPageAsync(string checkoutId, string? token, EnrolmentStore store, CourseCatalogue catalogue, HttpContext context)
    {
        if (await FindSetupAsync(checkoutId, token, store, context.RequestAborted) is not { } enrolment)
            return Results.NotFound();
        var (course, session) = catalogue.FindSession(enrolment.SessionId)!.Value;
        return Results.Content(LocalPages.Renderer.Render("setup", "Enregistrer votre carte", new Dictionary<string, object?>
        {
            ["course"] = course, ["session"] = session, ["checkout_id"] = checkoutId, ["token"] = token,
        }), "text/html; charset=utf-8");
    }

    /// <summary>« Enregistrer »: the webhook hears the saved card as Stripe would tell it.</summary>
    private static async Task<IResult> SaveCardAsync(string checkoutId, HttpContext context, EnrolmentStore store,
        StripeSettings stripe, EnrolmentOptions options, TimeProvider clock, IHttpClientFactory http)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString();
        if (await FindSetupAsync(checkoutId, token, store, context.RequestAborted) is not { } enrolment)
            return Results.NotFound();
        var payload = StripeEvents.SetupCompletedEvent("evt_offline_" + RecordId.RandomText(16), enrolment.Id, enrolment.SessionId, checkoutId,
            "seti_offline_" + enrolment.Id, enrolment.StripeCustomerId, clock.GetUtcNow());
        if (await SendSignedWebhookAsync(context, http, stripe, payload) is { } failure)
            return failure;
        var query = SitePages.Access(enrolment.Id, token, checkoutId);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(options.SitePage(SitePages.EnrolmentReceived, query), permanent: false, preserveMethod: false);
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

    private static string Page(EnrolmentRecord enrolment, Course course, CourseSession session, string checkoutId, string token) =>
        LocalPages.Renderer.Render("checkout", "Payer l'inscription", new Dictionary<string, object?>
        {
            ["course"] = course,
            ["session"] = session,
            ["lines"] = enrolment.Lines,
            ["total"] = enrolment.Total,
            ["checkout_id"] = checkoutId,
            ["token"] = token,
            ["cancel_url"] = SitePages.Root(SitePages.EnrolmentCancelled) + "?" + SitePages.Access(enrolment.Id, token),
        });
}
