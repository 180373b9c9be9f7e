using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;
using Monalisa.Domain.SelfFunded;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Payments;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.SelfFunded;

internal abstract record WithdrawalOutcome
{
    public sealed record Withdrawn(EnrolmentRecord Enrolment) : WithdrawalOutcome;
    /// <summary>The 10 days are over (the last day is given).</summary>
    public sealed record TooLate(DateOnly LastDay) : WithdrawalOutcome;
    /// <summary>Not a self-funded enrolment in a state that can be withdrawn (cancelled, expired…).</summary>
    public sealed record NotPossible(EnrolmentState State) : WithdrawalOutcome;
    public sealed record NotFound : WithdrawalOutcome;
}

/// <summary>
/// Self-funded instalments: records the saved card, charges what is due (never before day 11), records each instalment
/// exactly once (marker <c>instalment|{id}|{n}</c>, whoever reports it: the charge's answer, the webhook or the recovery
/// checkout), handles failures with a grace period, and withdrawals.
/// </summary>
internal sealed class InstalmentLedger(
    EnrolmentStore store,
    EnrolmentTransitions transitions,
    IInstalmentGateway gateway,
    ICheckoutGateway checkouts,
    CourseCatalogue catalogue,
    EnrolmentOptions options,
    TimeProvider clock,
    ILogger<InstalmentLedger> logger) : IInstalmentEvents
{
    private DateOnly Today => clock.Today();

    /// <summary>A setup checkout completed: keep the saved card for the off-session charges.</summary>
    public async Task<TransitionOutcome> RecordCardAsync(string enrolmentId, string? setupIntentId, string? customerId, TableEntity marker, CancellationToken cancellationToken)
    {
        var paymentMethod = setupIntentId is null ? null : await gateway.PaymentMethodOfSetupAsync(setupIntentId, cancellationToken);
        if (paymentMethod is null) return new TransitionOutcome.NotFound();
        return await transitions.ApplyAsync(enrolmentId, new EnrolmentCommand.CardSaved(paymentMethod, customerId), Actor.Stripe, marker, cancellationToken);
    }

    /// <summary>
    /// Records a payment of an instalment once (marker <c>instalment|{id}|{n}|{pi}</c>); whether the instalment was
    /// already paid by another payment (refunded then) and the amount check are the domain's.
    /// </summary>
    public async Task<TransitionOutcome> RecordPaidAsync(string enrolmentId, int number, string paymentIntentId, long amountCents, CancellationToken cancellationToken)
    {
        if (!Domain.Identity.RecordId.TryParse(enrolmentId, out var sessionId)) return new TransitionOutcome.NotFound();
        var marker = new TableEntity(sessionId, Keys.InstalmentPaid(enrolmentId, number, paymentIntentId))
        {
            ["PaymentIntentId"] = paymentIntentId, ["AmountCents"] = amountCents, ["RecordedAt"] = clock.GetUtcNow(),
        };
        return await transitions.ApplyAsync(enrolmentId, new EnrolmentCommand.InstalmentPaid(number, amountCents, paymentIntentId), Actor.Stripe, marker, cancellationToken);
    }

    public Task<TransitionOutcome> RecordFailedAsync(string enrolmentId, int number, string code, string? paymentIntentId, CancellationToken cancellationToken) =>
        transitions.ApplyAsync(enrolmentId, new EnrolmentCommand.InstalmentFailed(number, code, paymentIntentId, options.InstalmentGrace), Actor.Stripe, cancellationToken);

    /// <summary>The daily run: charges what is due, and lets go of places whose grace period ran out. Safe to run again.</summary>
    public async Task<int> ChargeDueAsync(CancellationToken cancellationToken)
    {
        var charged = 0;
        var today = Today;
        var now = clock.GetUtcNow();
        foreach (var open in await store.SelfFundedOpenAsync(cancellationToken))
        {
            try
            {
                if (open.State == EnrolmentState.InstalmentOverdue)
                {
                    if (open.GraceExpiresAt is { } until && until <= now)
                        await transitions.ApplyAsync(open.Id, new EnrolmentCommand.GraceExpired(), Actor.System, cancellationToken);
                    continue;
                }
                // L6353-6: nothing before day 11, whatever the stored dates say.
                if (today < open.SignedOn(clock.LocalTimeZone).AddDays(InstalmentSchedule.FirstChargeDay)) continue;

                charged += await ChargeAsync(open, today, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One enrolment that cannot be charged or written now must not stop the others' instalments: each
                // charge has its Stripe idempotency key and marker, so the next run takes it up again safely.
                logger.LogError(e, "Instalments of enrolment {EnrolmentId} could not be charged; retried next run.", open.Id);
            }
        }
        if (charged > 0) logger.LogInformation("Charged {Count} instalments.", charged);
        return charged;
    }

    /// <summary>Charges one enrolment's due instalments in order, stopping at the first that is not paid.</summary>
    private async Task<int> ChargeAsync(EnrolmentRecord enrolment, DateOnly today, CancellationToken cancellationToken)
    {
        var charged = 0;
        foreach (var number in enrolment.Instalments.Where(i => !i.Paid && i.DueOn <= today).OrderBy(i => i.Number).Select(i => i.Number).ToList())
        {
            var instalment = enrolment.Instalment(number)!;
            if (enrolment.PaymentMethodId is null)
            {
                await RecordFailedAsync(enrolment.Id, number, "no_saved_card", null, cancellationToken);
                break;
            }
            var result = await gateway.ChargeAsync(enrolment, instalment, cancellationToken);
            if (result is ChargeOutcome.Succeeded ok)
            {
                // Recorded here, or already by the webhook: either way read again before the next instalment.
                if (await RecordPaidAsync(enrolment.Id, number, ok.PaymentIntentId, instalment.AmountCents, cancellationToken) is TransitionOutcome.Applied)
                    charged++;
                if (await store.GetAsync(enrolment.Id, cancellationToken) is not { } fresh || !fresh.Instalment(number)!.Paid) break;
                enrolment = fresh;
                continue;
            }
            if (result is ChargeOutcome.Declined declined)
                await RecordFailedAsync(enrolment.Id, number, declined.Code, declined.PaymentIntentId, cancellationToken);
            break;
        }
        return charged;
    }

    /// <param name="actor">The trainee through their link, or the staff member who recorded their letter.</param>
    /// <param name="letterOn">Staff recording a withdrawal letter: its date decides the 10-day rule, not the day it is typed in.</param>
    public async Task<WithdrawalOutcome> WithdrawAsync(string enrolmentId, Actor actor, CancellationToken cancellationToken, DateOnly? letterOn = null)
    {
        if (await store.GetAsync(enrolmentId, cancellationToken) is not { } enrolment || !enrolment.SelfFunded) return new WithdrawalOutcome.NotFound();
        return await transitions.ApplyAsync(enrolmentId, new EnrolmentCommand.Withdrew(letterOn ?? Today, clock.LocalTimeZone), actor, cancellationToken) switch
        {
            TransitionOutcome.Applied applied => new WithdrawalOutcome.Withdrawn(applied.After),
            TransitionOutcome.Unchanged unchanged => new WithdrawalOutcome.Withdrawn(unchanged.Enrolment),
            TransitionOutcome.TooLate late => new WithdrawalOutcome.TooLate(late.LastDay),
            TransitionOutcome.Refused refused => new WithdrawalOutcome.NotPossible(refused.Enrolment.State),
            _ => new WithdrawalOutcome.NotFound(),
        };
    }

    /// <summary>The overdue instalment the payment link is for, or null when nothing is overdue.</summary>
    public static InstalmentEntry? Overdue(EnrolmentRecord enrolment) =>
        enrolment.State != EnrolmentState.InstalmentOverdue ? null
            : enrolment.Instalments.Where(i => !i.Paid && i.FailedAt is not null).OrderBy(i => i.Number).FirstOrDefault();

    /// <summary>
    /// The payment page for the overdue instalment, or null when nothing is overdue: the one already opened while Stripe
    /// keeps it open, otherwise a new attempt (its own idempotency key, so two clicks at once still open one), kept on
    /// the instalment for the next visit.
    /// </summary>
    public async Task<string?> RecoveryCheckoutAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        if (Overdue(enrolment) is not { } overdue || catalogue.FindSession(enrolment.SessionId) is not { } found) return null;
        if (overdue.RecoveryCheckoutId is { } open && overdue.RecoveryCheckoutUrl is { } openUrl && await checkouts.IsOpenAsync(open, cancellationToken))
            return openUrl;
        var attempt = overdue.RecoveryAttempt + 1;
        if (await gateway.CreateInstalmentCheckoutAsync(enrolment, overdue, found.Course, attempt, cancellationToken) is not CheckoutOutcome.Created created) return null;
        await transitions.ApplyAsync(enrolment.Id, new EnrolmentCommand.RecoveryCheckoutOpened(overdue.Number, attempt, created.SessionId, created.Url), Actor.Payer, cancellationToken);
        return created.Url;
    }
}
