using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Abuse;

/// <summary>What <c>GET /api/form-token</c> gives: the token to post with the form, and how long to let it age first.</summary>
internal sealed record FormTokenView(string Token, int MinimumSeconds);

/// <summary>
/// <c>GET /api/form-token</c>: a fresh signed form token for the site's script (no cookie, nothing stored; answered
/// with <c>no-store</c>). And, every hour, the deletion of rate-limit counters whose window is over.
/// </summary>
internal sealed class AbuseFunctions(FormGate gate, AbuseSettings settings, RateLimiter limiter, TimeProvider clock, ILogger<AbuseFunctions> logger)
{
    [Function("GetFormToken")]
    public IActionResult Token(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "form-token")] HttpRequest request) =>
        TypedResults.Ok(new FormTokenView(gate.IssueToken(), (int)settings.FormRules.MinimumAge.TotalSeconds)).ToActionResult();

    [Function("DeleteOldRateCounters")]
    public async Task Sweep([TimerTrigger("0 17 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var deleted = await limiter.DeleteEndedAsync(clock.GetUtcNow(), cancellationToken);
        if (deleted > 0) logger.LogInformation("Rate limits: {Count} old counters deleted.", deleted);
    }
}
