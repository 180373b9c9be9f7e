using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Told after each committed change of an enrolment, so that an invoice or a credit note that became due is issued.
/// Declared here, implemented by Invoicing (which depends on Enrolment, never the reverse). It must never throw: a
/// change is committed whatever it does, and the billing sweep catches up what it missed.
/// </summary>
internal interface IBillingTrigger
{
    Task ChangedAsync(EnrolmentRecord after, CancellationToken cancellationToken);
}
