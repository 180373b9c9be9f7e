using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Enrolment;

/// <summary>Every minute: gives back the places of card enrolments whose 30-minute hold ran out unpaid.</summary>
internal sealed class HoldExpiryFunction(EnrolmentStore store, EnrolmentTransitions transitions, TimeProvider clock, ILogger<HoldExpiryFunction> logger)
{
    [Function("ReleaseExpiredHolds")]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var released = await ReleaseExpiredAsync(cancellationToken);
        if (released > 0) logger.LogInformation("Released {Count} expired holds.", released);
    }

    /// <summary>Releasing twice is harmless: the second run finds nothing, or the state machine says « already there ».</summary>
    public async Task<int> ReleaseExpiredAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var enrolment in await store.ExpiredHoldsAsync(clock.GetUtcNow(), cancellationToken))
        {
            if (await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.HoldExpired(), cancellationToken) is TransitionOutcome.Applied)
                released++;
        }
        return released;
    }
}
