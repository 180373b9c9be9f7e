using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Payments;

/// <summary><c>POST /api/stripe/webhook</c>: Stripe's checkout events, verified on the raw body.</summary>
internal sealed class StripeWebhookFunction(StripeWebhookHandler handler)
{
    private const int MaxBytes = 512 * 1024;

    [Function("StripeWebhook")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "stripe/webhook")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var tooLarge = ApiResults.Problem(Problems.TooLarge("Événement trop volumineux.")).ToActionResult();
        if (request.ContentLength > MaxBytes) return tooLarge;
        // Counted while reading: a chunked body has no Content-Length to trust.
        if (await BoundedBody.ReadUtf8Async(request.Body, MaxBytes, cancellationToken) is not { } json) return tooLarge;
        return Answer(await handler.HandleAsync(json, request.Headers["Stripe-Signature"].ToString(), cancellationToken)).ToActionResult();
    }

    private static Results<Ok<WebhookReceipt>, ProblemHttpResult> Answer(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.BadSignature => ApiResults.Problem(Problems.Validation("Stripe-Signature", "Signature Stripe absente, invalide ou trop ancienne.")),
        WebhookOutcome.Malformed => ApiResults.Problem(Problems.Validation("body", "Le corps de l'événement Stripe n'est pas un JSON valide.")),
        WebhookOutcome.WrongApiVersion wrong => ApiResults.Problem(Problems.Validation("api_version",
            $"Version d'API Stripe « {wrong.Version} » non prise en charge : le point de terminaison doit être en {Stripe.StripeConfiguration.ApiVersion}.")),
        // Everything else is acknowledged: Stripe must not redeliver what we applied, refused or do not handle.
        _ => TypedResults.Ok(WebhookReceipt.Acknowledged),
    };
}

/// <summary>Stripe's acknowledgement body.</summary>
internal sealed record WebhookReceipt(bool Received)
{
    public static readonly WebhookReceipt Acknowledged = new(true);
}
