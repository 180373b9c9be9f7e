using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Certificates;

/// <summary>Puts the closed session on the <c>certificates</c> queue; a failure is logged and left to the sweep.</summary>
internal sealed class CertificateQueue(QueueServiceClient queues, ILogger<CertificateQueue> logger) : ICertificateTrigger
{
    public async Task SessionClosedAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await queues.GetQueueClient(QueueNames.Certificates).SendMessageAsync(sessionId, cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException || Http.StorageFaults.IsUnavailable(e))
        {
            logger.LogWarning(e, "Session {SessionId}: certificates message not put; the sweep will issue.", sessionId);
        }
    }
}
