using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Functions.Email;
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
    CourseCatalogue catalogue,
    EnrolmentOptions options,
    TimeProvider clock,
    ILogger<InstalmentLedger> logger)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public static bool TokenMatches(string? token, EnrolmentRecord enrolment)
    {
        if (string.IsNullOrEmpty(token) || enrolment.ActionToken is null || token.Length > 100) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(enrolment.ActionToken));
    }

    /// <summary>A setup checkout completed: keep the saved card for the off-session charges.</summary>
    public async Task<TransitionOutcome> RecordCardAsync(string enrolmentId, string? setupIntentId, string? customerId, TableEntity marker, CancellationToken cancellationToken)
    {
        var paymentMethod = setupIntentId is null ? null : await gateway.PaymentMethodOfSetupAsync(setupIntentId, cancellationToken);
        if (paymentMethod is null) return new TransitionOutcome.NotFound();
        return await store.ChangeAsync(enrolmentId,
            e => e.PaymentMethodId == paymentMethod ? null : e with { PaymentMethodId = paymentMethod, StripeCustomerId = customerId ?? e.StripeCustomerId },
            marker, cancellationToken);
    }

    public async Task<TransitionOutcome> RecordPaidAsync(string enrolmentId, int number, string paymentIntentId, long amountCents, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(enrolmentId, cancellationToken) is not { } enrolment) return new TransitionOutcome.NotFound();
        if (enrolment.Instalment(number) is not { } planned) return new TransitionOutcome.Refused(enrolment);
        var now = clock.GetUtcNow();
        var last = enrolment.Instalments.Where(i => i.Number != number).All(i => i.Paid);
        var marker = new TableEntity(enrolment.SessionId, Keys.InstalmentPaid(enrolment.Id, number))
        {
            ["PaymentIntentId"] = paymentIntentId, ["AmountCents"] = amountCents, ["RecordedAt"] = now,
        };
        var work = new TransitionWork(
            Change: e => e.WithInstalment(e.Instalment(number)! with { PaidAt = now, PaymentIntentId = paymentIntentId, FailedAt = null, FailureCode = null }) with
            {
                GraceExpiresAt = null,
                PaidAt = now,
                PaidAmountCents = (e.PaidAmountCents ?? 0) + amountCents,
                PaymentReference = paymentIntentId,
            },
            Marker: marker,
            Veto: _ => amountCents == planned.AmountCents ? null
                : $"Échéance {number} : montant payé ({amountCents} centimes) différent de l'échéancier ({planned.AmountCents} centimes). À vérifier.",
            VetoOutbox: e => EmailPlan.StaffAlert(e, EmailKind.StaffAmountMismatch, now));
        var outcome = await transitions.ApplyAsync(enrolmentId, last ? EnrolmentTrigger.LastInstalmentPaid : EnrolmentTrigger.InstalmentPaid, work, cancellationToken);
        // Two instalments recorded at the same instant may each have seen the other unpaid: close the enrolment here.
        if (outcome is TransitionOutcome.Applied { After: { State: EnrolmentState.PartlyPaid } after } && after.Instalments.All(i => i.Paid))
            await transitions.ApplyAsync(enrolmentId, EnrolmentTrigger.LastInstalmentPaid, null, cancellationToken);
        return outcome;
    }

    public async Task<TransitionOutcome> RecordFailedAsync(string enrolmentId, int number, string code, string? paymentIntentId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(enrolmentId, cancellationToken) is not { } enrolment) return new TransitionOutcome.NotFound();
        // A late failure report for an instalment paid since (recovery checkout) changes nothing.
        if (enrolment.Instalment(number) is not { Paid: false }) return new TransitionOutcome.Unchanged(enrolment);
        var now = clock.GetUtcNow();
        return await transitions.ApplyAsync(enrolmentId, EnrolmentTrigger.InstalmentFailed, new TransitionWork(
            Change: e => e.WithInstalment(e.Instalment(number)! with { FailedAt = now, FailureCode = code, PaymentIntentId = paymentIntentId }) with
            {
                GraceExpiresAt = now + options.InstalmentGrace,
                StaffAttention = $"Échéance {number} impayée ({code}) : lien de paiement envoyé au stagiaire, place gardée jusqu'au {Monalisa.Domain.Text.FrenchFormat.DateTime(now + options.InstalmentGrace)}.",
            }), cancellationToken);
    }

    /// <summary>The daily run: charges what is due, and lets go of places whose grace period ran out. Safe to run again.</summary>
    public async Task<int> ChargeDueAsync(CancellationToken cancellationToken)
    {
        var charged = 0;
        var today = Today;
        var now = clock.GetUtcNow();
        foreach (var open in await store.SelfFundedOpenAsync(cancellationToken))
        {
            if (open.State == EnrolmentState.InstalmentOverdue)
            {
                if (open.GraceExpiresAt is { } until && until <= now)
                    await transitions.ApplyAsync(open.Id, EnrolmentTrigger.GraceExpired, null, cancellationToken);
                continue;
            }
            // L6353-6: nothing before day 11, whatever the stored dates say.
            if (today < open.SignedOn(clock.LocalTimeZone).AddDays(InstalmentSchedule.FirstChargeDay)) continue;

            var enrolment = open;
            foreach (var number in open.Instalments.Where(i => !i.Paid && i.DueOn <= today).OrderBy(i => i.Number).Select(i => i.Number).ToList())
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
        }
        if (charged > 0) logger.LogInformation("Charged {Count} instalments.", charged);
        return charged;
    }

    public async Task<WithdrawalOutcome> WithdrawAsync(string enrolmentId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(enrolmentId, cancellationToken) is not { } enrolment || !enrolment.SelfFunded) return new WithdrawalOutcome.NotFound();
        var signedOn = enrolment.SignedOn(clock.LocalTimeZone);
        if (enrolment.State == EnrolmentState.Withdrawn) return new WithdrawalOutcome.Withdrawn(enrolment);
        if (!InstalmentSchedule.CanWithdraw(signedOn, Today)) return new WithdrawalOutcome.TooLate(InstalmentSchedule.WithdrawalEndsOn(signedOn));
        var now = clock.GetUtcNow();
        return await transitions.ApplyAsync(enrolmentId, EnrolmentTrigger.Withdrew, new TransitionWork(Change: e => e with { WithdrawnAt = now }), cancellationToken) switch
        {
            TransitionOutcome.Applied applied => new WithdrawalOutcome.Withdrawn(applied.After),
            TransitionOutcome.Unchanged unchanged => new WithdrawalOutcome.Withdrawn(unchanged.Enrolment),
            TransitionOutcome.Refused refused => new WithdrawalOutcome.NotPossible(refused.Enrolment.State),
            _ => new WithdrawalOutcome.NotFound(),
        };
    }

    /// <summary>The payment page for the overdue instalment, or null when nothing is overdue.</summary>
    public async Task<string?> RecoveryCheckoutAsync(EnrolmentRecord enrolment, CancellationToken cancellationToken)
    {
        if (enrolment.State != EnrolmentState.InstalmentOverdue || catalogue.FindSession(enrolment.SessionId) is not { } found) return null;
        if (enrolment.Instalments.Where(i => !i.Paid && i.FailedAt is not null).OrderBy(i => i.Number).FirstOrDefault() is not { } overdue) return null;
        return await gateway.CreateInstalmentCheckoutAsync(enrolment, overdue, found.Course, cancellationToken) is CheckoutOutcome.Created created ? created.Url : null;
    }

    public static int? InstalmentNumber(Dictionary<string, string>? metadata) =>
        metadata?.GetValueOrDefault(InstalmentKeys.InstalmentKey) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
