using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Certificates;

/// <summary>Issues what a <c>certificates</c> message's session calls for. A storage fault throws: the host redelivers.</summary>
internal sealed class IssueCertificatesFunction(CertificateIssuer issuer, ILogger<IssueCertificatesFunction> logger)
{
    [Function("IssueCertificates")]
    public async Task Run([QueueTrigger(QueueNames.Certificates, Connection = SettingNames.Storage)] string message, CancellationToken cancellationToken)
    {
        var sessionId = message.Trim();
        if (sessionId.Length is 0 or > 200 || sessionId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            logger.LogWarning("Certificates queue message ignored: not a session id.");
            return;
        }
        await issuer.RunAsync(sessionId, cancellationToken);
    }
}

/// <summary>
/// Every hour: closed sessions whose message was never put or was lost, and attestations whose assessment was recorded
/// while the queue was down. Issuing is idempotent, so going over every closed session is harmless.
/// </summary>
internal sealed class SweepCertificatesFunction(AttendanceSummaries summaries, CertificateIssuer issuer, ILogger<SweepCertificatesFunction> logger)
{
    [Function("SweepCertificates")]
    public async Task Run([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var issued = 0;
        foreach (var summary in await summaries.AllAsync(cancellationToken))
        {
            if (!summary.Closed) continue;
            try
            {
                issued += await issuer.RunAsync(summary.SessionId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One session that fails never stops the others.
                logger.LogWarning(e, "Certificates sweep: session {SessionId} left for the next run.", summary.SessionId);
            }
        }
        if (issued > 0) logger.LogInformation("Certificates sweep issued {Count} documents.", issued);
    }
}

/// <summary>Every night: deletes the documents and assessments past their retention (<see cref="Monalisa.Domain.Certificates.CertificateRetention"/>).</summary>
internal sealed class PurgeCertificatesFunction(CertificateStore store, TimeProvider clock, ILogger<PurgeCertificatesFunction> logger)
{
    [Function("PurgeCertificates")]
    public async Task Run([TimerTrigger("0 45 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Monalisa.Domain.Catalogue.ParisTime.Zone).DateTime);
        var deleted = await store.DeleteEndedBeforeAsync(Monalisa.Domain.Certificates.CertificateRetention.Cutoff(today), cancellationToken);
        if (deleted > 0) logger.LogInformation("Certificates retention: {Count} rows deleted.", deleted);
    }
}
