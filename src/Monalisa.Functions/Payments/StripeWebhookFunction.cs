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
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        if (json.Length > MaxBytes) return tooLarge;
        return Answer(await handler.HandleAsync(json, request.Headers["Stripe-Signature"].ToString(), cancellationToken)).ToActionResult();
    }

    private static Results<Ok<WebhookReceipt>, ProblemHttpResult> Answer(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.BadSignature => ApiResults.Problem(Problems.Validation("Stripe-Signature", "Signature Stripe absente, invalide ou trop ancienne.")),
        // Everything else is acknowledged: Stripe must not redeliver what we applied, refused or do not handle.
        _ => TypedResults.Ok(WebhookReceipt.Acknowledged),
    };
}

/// <summary>Stripe's acknowledgement body.</summary>
internal sealed record WebhookReceipt(bool Received)
{
    public static readonly WebhookReceipt Acknowledged = new(true);
}
