using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using static Monalisa.Domain.Tests.EnrolmentBuilder;

namespace Monalisa.Domain.Tests;

/// <summary>Holds that lapse, and money that must go back exactly once: decided without storage.</summary>
public sealed class HoldAndRefundDecisionsTests
{
    private static readonly HoldPolicy Policy = new(TimeSpan.FromMinutes(60), TimeSpan.FromDays(7), TimeSpan.FromDays(2));

    private static EnrolmentDecision Written(Decision decision) => Assert.IsType<Decision.Write>(decision).Change;

    // Self-funded: signed at Now (builder), no card saved.

    [Fact]
    public void Setup_checkout_expiry_releases_a_self_funded_place_whose_card_was_never_saved()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired("cs_1"), Now.AddMinutes(40)));

        Assert.Equal(EnrolmentState.Expired, change.After.State);
        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Equal([Notice.ToPayer(EmailKind.PaymentFailedOrExpired), Notice.ToStaff(EmailKind.StaffHoldLapsed)], change.Notices);
    }

    [Fact]
    public void Self_funded_hold_without_a_saved_card_lapses_on_the_timer_after_the_setup_hold_only()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build();

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired(Policy: Policy), Now.AddMinutes(59)));
        Assert.Equal(EnrolmentState.Expired, Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired(Policy: Policy), Now.AddMinutes(60))).After.State);
    }

    [Fact]
    public void Self_funded_place_with_a_saved_card_is_held_through_the_withdrawal_period()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).WithSavedCard().Build();

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired("cs_1"), Now.AddDays(1)));
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired(Policy: Policy), Now.AddDays(5)));
    }

    // Invoice: created ten minutes before Now (builder).

    [Fact]
    public void Invoice_hold_lapses_after_the_set_days_and_tells_payer_and_staff()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).Build();
        var deadline = before.CreatedAt + TimeSpan.FromDays(7);

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired(Policy: Policy), deadline.AddSeconds(-1)));
        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired(Policy: Policy), deadline));

        Assert.Equal(EnrolmentState.Expired, change.After.State);
        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Equal([Notice.ToPayer(EmailKind.PaymentFailedOrExpired), Notice.ToStaff(EmailKind.StaffHoldLapsed)], change.Notices);
    }

    [Fact]
    public void An_anonymised_enrolment_has_no_hold_to_lapse()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).Build() with { AnonymisedAt = Now };

        Assert.Null(Policy.DeadlineOf(before));
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired(Policy: Policy), Now.AddDays(30)));
    }

    [Fact]
    public void Invoice_hold_never_lapses_without_the_policy()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).Build();

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired(), Now.AddDays(30)));
    }

    [Fact]
    public void Staff_are_reminded_of_an_invoice_hold_in_its_last_days_only()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).Build();
        var deadline = before.CreatedAt + TimeSpan.FromDays(7);
        var reminder = new EnrolmentCommand.InvoiceReminderDue(Policy);

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, reminder, deadline - TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1)));
        var change = Written(EnrolmentDecisions.Decide(before, reminder, deadline - TimeSpan.FromDays(2)));
        Assert.Equal(EnrolmentState.AwaitingInvoice, change.After.State);
        Assert.Equal([Notice.ToStaff(EmailKind.StaffInvoiceReminder)], change.Notices);
        Assert.Contains("bon de commande", change.After.StaffAttention);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, reminder, deadline));
    }

    [Fact]
    public void Staff_extension_pushes_the_invoice_deadline_from_where_it_was()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExtended(5, Policy), Now));

        Assert.Equal(before.CreatedAt + TimeSpan.FromDays(12), change.After.HoldExpiresAt);
        Assert.Equal(before.CreatedAt + TimeSpan.FromDays(12), Policy.DeadlineOf(change.After));
        Assert.Empty(change.Notices);
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before with { State = EnrolmentState.Expired }, new EnrolmentCommand.HoldExtended(5, Policy), Now));
    }

    [Fact]
    public void Recording_the_purchase_order_confirms_an_invoice_enrolment_with_its_reference()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.PurchaseOrderRecorded("BC-2027-042"), Now));

        Assert.Equal(EnrolmentState.Confirmed, change.After.State);
        Assert.Equal("BC-2027-042", change.After.Payer.PurchaseOrder);
        Assert.Contains(Notice.ToPayer(EmailKind.EnrolmentConfirmed), change.Notices);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(change.After, new EnrolmentCommand.PurchaseOrderRecorded("BC-2027-042"), Now));
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(new EnrolmentBuilder().Build(), new EnrolmentCommand.PurchaseOrderRecorded("BC-1"), Now));
    }

    // Card hold against its Checkout.

    [Fact]
    public void Card_hold_outlives_its_checkout_which_stripe_always_accepts()
    {
        var hold = HoldPolicy.CardHold(TimeSpan.FromMinutes(30));
        var holdEnds = Now + hold;

        var expiresAt = HoldPolicy.CheckoutExpiry(holdEnds, Now.AddSeconds(20))!.Value;

        Assert.True(expiresAt >= Now.AddSeconds(20) + TimeSpan.FromMinutes(31), "Stripe refuses less than 30 minutes");
        Assert.True(holdEnds - expiresAt >= TimeSpan.FromMinutes(10), "the hold ends after the Checkout");
        Assert.Null(HoldPolicy.CheckoutExpiry(holdEnds, Now.AddMinutes(10)));
    }

    // Money that must go back.

    [Fact]
    public void Payment_for_a_cancelled_enrolment_is_refunded_and_flagged_never_confirmed()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.Cancelled).WithoutSeats().Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.PaymentReported(50_000, "eur", "pi_late", Now, "cs_1"), Now));

        Assert.Equal(EnrolmentState.Cancelled, change.After.State);
        Assert.Equal(SeatChange.None, change.Seats);
        Assert.Equal([new RefundOrder("pi_late", 50_000)], change.Refunds);
        Assert.Equal([Notice.ToStaff(EmailKind.StaffRefundIssued)], change.Notices);
    }

    [Fact]
    public void Instalment_paid_on_a_cancelled_enrolment_is_refunded_not_kept_as_paid_without_seat()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.Cancelled).SelfFunded(false, false).WithoutSeats().Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentPaid(1, 15_000, "pi_late"), Now));

        Assert.Equal(EnrolmentState.Cancelled, change.After.State);
        Assert.Equal([new RefundOrder("pi_late", 15_000)], change.Refunds);
    }

    [Fact]
    public void Second_payment_of_a_paid_instalment_is_refunded_and_flagged_and_the_same_payment_again_changes_nothing()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.PartlyPaid).SelfFunded(true, false)
            .WithInstalment(new InstalmentEntry(1, 15_000, new DateOnly(2027, 1, 21)) { PaidAt = Now, PaymentIntentId = "pi_first" }).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentPaid(1, 15_000, "pi_second"), Now));
        Assert.Equal([new RefundOrder("pi_second", 15_000)], change.Refunds);
        Assert.Equal(before.PaidAmountCents, change.After.PaidAmountCents);
        Assert.Equal(EnrolmentState.PartlyPaid, change.After.State);
        Assert.Equal([Notice.ToStaff(EmailKind.StaffRefundIssued)], change.Notices);

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentPaid(1, 15_000, "pi_first"), Now));
    }

    [Fact]
    public void Refund_in_progress_refuses_a_staff_confirmation()
    {
        var paidNoSeat = new EnrolmentBuilder().In(EnrolmentState.PaidNoSeat).WithoutSeats().Build();

        var started = Written(EnrolmentDecisions.Decide(paidNoSeat, new EnrolmentCommand.RefundStarted(), Now));
        Assert.Equal(EnrolmentState.RefundPending, started.After.State);

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(started.After, new EnrolmentCommand.StaffConfirmed(), Now));
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(started.After, new EnrolmentCommand.RefundStarted(), Now));
        Assert.Equal(EnrolmentState.Refunded, Written(EnrolmentDecisions.Decide(started.After, new EnrolmentCommand.Refunded(), Now)).After.State);
    }

    [Fact]
    public void Staff_cancellation_closes_the_open_checkout()
    {
        var before = new EnrolmentBuilder().Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.Cancelled(), Now));

        Assert.Equal(["cs_1"], EnrolmentDecisions.CheckoutsToClose(before, change.After));
    }

    [Fact]
    public void Recovery_checkout_is_kept_and_an_older_attempt_never_replaces_a_newer_one()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.InstalmentOverdue).SelfFunded(false, false).WithSavedCard().Build();

        var opened = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.RecoveryCheckoutOpened(1, 2, "cs_r2", "https://pay/2"), Now)).After;
        Assert.Equal("cs_r2", opened.Instalment(1)!.RecoveryCheckoutId);
        Assert.Equal(2, opened.Instalment(1)!.RecoveryAttempt);

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(opened, new EnrolmentCommand.RecoveryCheckoutOpened(1, 1, "cs_r1", "https://pay/1"), Now));
    }
}
