using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using static Monalisa.Domain.Tests.EnrolmentBuilder;

namespace Monalisa.Domain.Tests;

/// <summary>What each command does to an enrolment, decided without storage.</summary>
public sealed class EnrolmentDecisionsTests
{
    private static EnrolmentCommand.PaymentReported Payment(long cents, string currency = "eur") =>
        new(cents, currency, "pi_1", Now.AddMinutes(-1), "cs_1");

    private static EnrolmentDecision Written(Decision decision) => Assert.IsType<Decision.Write>(decision).Change;

    [Fact]
    public void Payment_of_the_quoted_amount_confirms_and_sends_confirmation_convocation_and_staff_notice()
    {
        var change = Written(EnrolmentDecisions.Decide(new EnrolmentBuilder().Build(), Payment(50_000), Now));

        Assert.Equal(EnrolmentState.Confirmed, change.After.State);
        Assert.Equal("pi_1", change.After.PaymentReference);
        Assert.Equal(50_000, change.After.PaidAmountCents);
        Assert.Equal(SeatChange.None, change.Seats); // the hold already has its places
        Assert.False(change.StaffOnly);
        Assert.Equal(
            [Notice.ToPayer(EmailKind.EnrolmentConfirmed), Notice.ToTrainee(EmailKind.Convocation, 0), Notice.ToStaff(EmailKind.StaffConfirmation)],
            change.Notices);
    }

    [Fact]
    public void Payment_of_another_amount_moves_nothing_and_tells_staff_in_euros()
    {
        var before = new EnrolmentBuilder().Quoted(130_050).Build();

        var change = Written(EnrolmentDecisions.Decide(before, Payment(100), Now));

        Assert.True(change.StaffOnly);
        Assert.Equal(EnrolmentState.PendingPayment, change.After.State);
        Assert.Null(change.After.PaidAt);
        Assert.Equal(SeatChange.None, change.Seats);
        Assert.Equal("Montant payé (1 €) différent du devis (1 300,50 €) : inscription non confirmée.", change.After.StaffAttention!.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Equal([Notice.ToStaff(EmailKind.StaffAmountMismatch)], change.Notices);
    }

    [Fact]
    public void Payment_in_another_currency_is_never_confirmed()
    {
        var change = Written(EnrolmentDecisions.Decide(new EnrolmentBuilder().Build(), Payment(50_000, "usd"), Now));

        Assert.True(change.StaffOnly);
        Assert.Contains("USD", change.After.StaffAttention);
    }

    [Fact]
    public void Payment_after_the_hold_expired_takes_places_again_or_falls_back_to_paid_no_seat()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.Expired).WithoutSeats().Build();

        var change = Written(EnrolmentDecisions.Decide(before, Payment(50_000), Now));

        Assert.Equal(SeatChange.Take, change.Seats);
        Assert.Equal(EnrolmentState.Confirmed, change.After.State);
        var fallback = Assert.IsType<EnrolmentDecision>(change.IfSeatsGone);
        Assert.Equal(EnrolmentState.PaidNoSeat, fallback.After.State);
        Assert.Equal(SeatChange.None, fallback.Seats);
        Assert.Equal("pi_1", fallback.After.PaymentReference); // the money is recorded either way
        Assert.Equal([Notice.ToPayer(EmailKind.PaidNoSeat), Notice.ToStaff(EmailKind.StaffPaidNoSeat)], fallback.Notices);
    }

    [Fact]
    public void Redelivered_payment_changes_nothing()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.Confirmed).Build();

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, Payment(50_000), Now));
    }

    [Fact]
    public void Expired_hold_gives_the_places_back_and_tells_the_payer()
    {
        var change = Written(EnrolmentDecisions.Decide(new EnrolmentBuilder().Build(), new EnrolmentCommand.HoldExpired(), Now));

        Assert.Equal(EnrolmentState.Expired, change.After.State);
        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Empty(change.After.Seats);
        Assert.Equal([Notice.ToPayer(EmailKind.PaymentFailedOrExpired)], change.Notices);
    }

    [Fact]
    public void Failed_payment_tells_payer_and_staff()
    {
        var change = Written(EnrolmentDecisions.Decide(new EnrolmentBuilder().Build(), new EnrolmentCommand.PaymentFailed(), Now));

        Assert.Equal([Notice.ToPayer(EmailKind.PaymentFailedOrExpired), Notice.ToStaff(EmailKind.StaffPaymentFailed)], change.Notices);
    }

    [Fact]
    public void Staff_cannot_confirm_an_expired_enrolment()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.Expired).WithoutSeats().Build();

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.StaffConfirmed(), Now));
    }

    [Fact]
    public void Cancelling_a_confirmed_enrolment_gives_its_places_back_without_email()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.Confirmed).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.Cancelled(), Now));

        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Empty(change.Notices);
    }

    [Fact]
    public void First_instalment_sends_the_receipt_the_convocations_and_the_staff_confirmation()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentPaid(1, 15_000, "pi_i1"), Now));

        Assert.Equal(EnrolmentState.PartlyPaid, change.After.State);
        Assert.True(change.After.Instalment(1)!.Paid);
        Assert.Equal(15_000, change.After.PaidAmountCents);
        Assert.Equal(
            [Notice.ToPayer(EmailKind.InstalmentReceipt), Notice.ToTrainee(EmailKind.Convocation, 0), Notice.ToStaff(EmailKind.StaffConfirmation)],
            change.Notices);
    }

    [Fact]
    public void Last_instalment_confirms_with_a_receipt_only()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.PartlyPaid).SelfFunded(true, false).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentPaid(2, 35_000, "pi_i2"), Now));

        Assert.Equal(EnrolmentState.Confirmed, change.After.State);
        Assert.Equal([Notice.ToPayer(EmailKind.InstalmentReceipt)], change.Notices);
    }

    [Fact]
    public void Instalment_of_another_amount_is_not_recorded_and_tells_staff_in_euros()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentPaid(1, 100, "pi_i1"), Now));

        Assert.True(change.StaffOnly);
        Assert.False(change.After.Instalment(1)!.Paid);
        Assert.Contains("150 €", change.After.StaffAttention!.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.DoesNotContain("centimes", change.After.StaffAttention);
        Assert.Equal([Notice.ToStaff(EmailKind.StaffAmountMismatch)], change.Notices);
    }

    [Fact]
    public void Unknown_instalment_is_refused()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build();

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentPaid(9, 100, "pi"), Now));
    }

    [Fact]
    public void Failed_instalment_keeps_the_place_for_the_grace_period_and_sends_a_payment_link()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.PartlyPaid).SelfFunded(true, false).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentFailed(2, "card_declined", "pi_i2", TimeSpan.FromDays(7)), Now));

        Assert.Equal(EnrolmentState.InstalmentOverdue, change.After.State);
        Assert.Equal(SeatChange.None, change.Seats);
        Assert.Equal(Now.AddDays(7), change.After.GraceExpiresAt);
        Assert.Equal("card_declined", change.After.Instalment(2)!.FailureCode);
        Assert.Contains("17 janvier 2027", change.After.StaffAttention);
        Assert.Equal([Notice.ToPayer(EmailKind.InstalmentRecovery), Notice.ToStaff(EmailKind.StaffInstalmentFailed)], change.Notices);
    }

    [Fact]
    public void Failure_report_for_an_instalment_paid_since_changes_nothing()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.PartlyPaid).SelfFunded(true, false).Build();

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.InstalmentFailed(1, "card_declined", null, TimeSpan.FromDays(7)), Now));
    }

    [Fact]
    public void Grace_expiry_gives_the_place_back()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.InstalmentOverdue).SelfFunded(true, false).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.GraceExpired(), Now));

        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Equal([Notice.ToPayer(EmailKind.PaymentFailedOrExpired), Notice.ToStaff(EmailKind.StaffPaymentFailed)], change.Notices);
    }

    [Fact]
    public void Withdrawal_within_ten_days_gives_the_place_back()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build();

        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.Withdrew(new DateOnly(2027, 1, 20), TimeZoneInfo.Utc), Now));

        Assert.Equal(EnrolmentState.Withdrawn, change.After.State);
        Assert.Equal(Now, change.After.WithdrawnAt);
        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Equal([Notice.ToPayer(EmailKind.WithdrawalConfirmed), Notice.ToStaff(EmailKind.StaffWithdrawal)], change.Notices);
    }

    [Fact]
    public void Withdrawal_after_ten_days_is_too_late_and_names_the_last_day()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build();

        var late = Assert.IsType<Decision.TooLate>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.Withdrew(new DateOnly(2027, 1, 21), TimeZoneInfo.Utc), Now));

        Assert.Equal(new DateOnly(2027, 1, 20), late.LastDay);
    }

    [Fact]
    public void Saving_the_same_card_twice_changes_nothing()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.ContractSigned).SelfFunded(false, false).Build() with { PaymentMethodId = "pm_1" };

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.CardSaved("pm_1", "cus_1"), Now));
        var change = Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.CardSaved("pm_2", null), Now));
        Assert.Equal(("pm_2", EnrolmentState.ContractSigned), (change.After.PaymentMethodId, change.After.State));
        Assert.Empty(change.Notices);
    }

    [Fact]
    public void Before_confirmation_only_the_payer_is_mailed_and_once_confirmed_every_trainee_gets_a_convocation()
    {
        var invoice = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).PaidBy("ana@example.org").WithTrainees("ana@example.org", "bob@example.org").Build();

        Assert.Equal(
            [Notice.ToPayer(EmailKind.EnrolmentRegistered), Notice.ToStaff(EmailKind.StaffNewEnrolment)],
            NoticePlan.ForNewEnrolment(invoice));
        var confirmed = Written(EnrolmentDecisions.Decide(invoice, new EnrolmentCommand.StaffConfirmed(), Now));
        Assert.Equal(
            [Notice.ToPayer(EmailKind.EnrolmentConfirmed), Notice.ToTrainee(EmailKind.Convocation, 0), Notice.ToTrainee(EmailKind.Convocation, 1), Notice.ToStaff(EmailKind.StaffConfirmation)],
            confirmed.Notices);
    }

    [Fact]
    public void Card_hold_sends_only_its_payer_the_way_back_to_the_payment_page_until_paid()
    {
        Assert.Equal([Notice.ToPayer(EmailKind.ResumePayment)], NoticePlan.ForNewEnrolment(new EnrolmentBuilder().Build()));
    }

    [Fact]
    public void Anonymised_enrolment_keeps_no_personal_detail()
    {
        var anonymised = (new EnrolmentBuilder().Build() with { AddressKey = "address|0123abcd" }).Anonymised(Now);

        Assert.EndsWith(".invalid", anonymised.Payer.Email);
        Assert.All(anonymised.Trainees, t => Assert.EndsWith(".invalid", t.Email));
        Assert.Null(anonymised.AddressKey);
        Assert.Equal(Now, anonymised.AnonymisedAt);
    }

    [Fact]
    public void Payment_on_another_checkout_than_the_stored_one_confirms_nothing_and_is_flagged_for_staff()
    {
        var before = new EnrolmentBuilder().Build();

        var change = Written(EnrolmentDecisions.Decide(before, Payment(50_000) with { CheckoutSessionId = "cs_someone_elses" }, Now));

        AssertFlaggedOnly(before, change);
    }

    [Fact]
    public void Payment_when_no_checkout_was_stored_confirms_nothing_and_is_flagged_for_staff()
    {
        var before = new EnrolmentBuilder().Build() with { CheckoutSessionId = null };

        AssertFlaggedOnly(before, Written(EnrolmentDecisions.Decide(before, Payment(50_000), Now)));
    }

    private static void AssertFlaggedOnly(EnrolmentRecord before, EnrolmentDecision change)
    {
        Assert.True(change.StaffOnly);
        Assert.Equal(before.State, change.After.State);
        Assert.Equal(SeatChange.None, change.Seats);
        Assert.Null(change.After.PaidAmountCents);
        Assert.Contains("n'est pas celui de l'inscription", change.After.StaffAttention);
        Assert.Equal([Notice.ToStaff(EmailKind.StaffAmountMismatch)], change.Notices);
    }

    [Fact]
    public void Expiry_or_failure_of_another_checkout_keeps_the_places()
    {
        var before = new EnrolmentBuilder().Build();

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired("cs_someone_elses"), Now));
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(before, new EnrolmentCommand.PaymentFailed("cs_someone_elses"), Now));
        Assert.Equal(SeatChange.Release, Written(EnrolmentDecisions.Decide(before, new EnrolmentCommand.HoldExpired("cs_1"), Now)).Seats);
    }
}
