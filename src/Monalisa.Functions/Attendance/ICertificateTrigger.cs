namespace Monalisa.Functions.Attendance;

/// <summary>
/// Told after a session's attendance is closed, or corrected after closing, so that its certificates are issued (or
/// reissued with the new hours). Declared here, implemented by Certificates (which depends on Attendance, never the
/// reverse). It must never throw: the closing is committed whatever it does, and the certificate sweep catches up.
/// </summary>
internal interface ICertificateTrigger
{
    Task SessionClosedAsync(string sessionId, CancellationToken cancellationToken);
}
