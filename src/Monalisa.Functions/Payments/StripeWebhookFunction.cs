using Microsoft.AspNetCore.Http;
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
        if (request.ContentLength > MaxBytes)
            return ApiResults.Problem(Problem.TooLarge("Événement trop volumineux."));
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        if (json.Length > MaxBytes)
            return ApiResults.Problem(Problem.TooLarge("Événement trop volumineux."));

        return await handler.HandleAsync(json, request.Headers["Stripe-Signature"].ToString(), cancellationToken) switch
        {
            WebhookOutcome.BadSignature => ApiResults.Problem(Problem.Validation("Stripe-Signature", "Signature Stripe absente, invalide ou trop ancienne.")),
            // Everything else is acknowledged: Stripe must not redeliver what we applied, refused or do not handle.
            _ => ApiResults.Ok(new { received = true }),
        };
    }
}
