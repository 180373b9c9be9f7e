using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests;

/// <summary>The refund the conditions of sale allow when staff cancel, and what stays owed.</summary>
public sealed class CancellationTermsTests
{
    private static readonly DateOnly LastEnrolmentDay = new(2027, 3, 9);
    private static readonly DateOnly Before = LastEnrolmentDay;
    private static readonly DateOnly After = LastEnrolmentDay.AddDays(1);

    /// <summary>Two professionals at 250 € a day for 2 days, paid 1 000 € by card.</summary>
    private static EnrolmentRecord PaidByCard() => new EnrolmentBuilder().In(EnrolmentState.Confirmed).Quoted(100_000)
        .WithTrainees("ana@example.org", "bea@example.org").Build() with
        {
            Seats = [1, 2],
            PaidAt = EnrolmentBuilder.Now, PaidAmountCents = 100_000, PaymentReference = "pi_1",
        };

    private static EnrolmentRecord ConfirmedInvoice() => PaidByCard() with
    {
        PaymentMethod = PaymentMethod.Invoice, PaidAt = null, PaidAmountCents = null, PaymentReference = null,
    };

    [Fact]
    public void A_cancellation_by_the_organisation_refunds_every_payment_in_full_whatever_the_day()
    {
        var terms = CancellationTerms.Settle(PaidByCard(), null, CancellationReason.Organisme, After, LastEnrolmentDay);

        Assert.True(terms.Full);
        var refund = Assert.Single(terms.Refunds);
        Assert.Equal(("pi_1", 100_000L), (refund.PaymentIntentId, refund.AmountCents));
        Assert.NotNull(refund.Key);
    }

    [Fact]
    public void A_payer_cancelling_up_to_the_enrolment_deadline_is_refunded_in_full()
    {
        var terms = CancellationTerms.Settle(PaidByCard(), null, CancellationReason.Payer, Before, LastEnrolmentDay);

        Assert.Equal(100_000, terms.RefundCents);
    }

    [Fact]
    public void A_payer_cancelling_after_the_enrolment_deadline_gets_nothing_back_and_the_course_stays_due()
    {
        var terms = CancellationTerms.Settle(ConfirmedInvoice(), null, CancellationReason.Payer, After, LastEnrolmentDay);

        Assert.False(terms.Full);
        Assert.Empty(terms.Refunds);
        Assert.Equal(0, terms.WaivedCents);
    }

    [Fact]
    public void One_trainee_of_two_is_refunded_their_line_price_only()
    {
        var terms = CancellationTerms.Settle(PaidByCard(), 1, CancellationReason.Payer, Before, LastEnrolmentDay);

        var refund = Assert.Single(terms.Refunds);
        Assert.Equal(50_000, refund.AmountCents);
        Assert.Equal(50_000, terms.WaivedCents);
    }

    [Fact]
    public void A_self_funded_trainee_cancelled_by_the_organisation_gets_each_paid_instalment_back()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.PartlyPaid).SelfFunded(true, false).Build();
        enrolment = enrolment.WithInstalment(enrolment.Instalment(1)! with { PaymentIntentId = "pi_first" });

        var terms = CancellationTerms.Settle(enrolment, null, CancellationReason.Organisme, After, LastEnrolmentDay);

        var refund = Assert.Single(terms.Refunds);
        Assert.Equal(("pi_first", 15_000L), (refund.PaymentIntentId, refund.AmountCents));
        Assert.Equal(50_000, terms.WaivedCents);
    }

    [Fact]
    public void An_invoice_hold_not_yet_confirmed_owes_nothing_even_after_the_deadline()
    {
        var hold = ConfirmedInvoice() with { State = EnrolmentState.AwaitingInvoice };

        var terms = CancellationTerms.Settle(hold, null, CancellationReason.Payer, After, LastEnrolmentDay);

        Assert.True(terms.Full);
        Assert.Empty(terms.Refunds);
        Assert.Equal(100_000, terms.WaivedCents);
    }

    [Fact]
    public void A_transfer_already_received_for_a_waived_share_is_flagged_for_a_refund_by_hand()
    {
        var paid = ConfirmedInvoice() with { Payments = [new RecordedPayment(new DateOnly(2027, 2, 1), 100_000, "virement", "VIR-1", "Camille", EnrolmentBuilder.Now)] };

        var terms = CancellationTerms.Settle(paid, null, CancellationReason.Organisme, After, LastEnrolmentDay);

        Assert.Equal(100_000, terms.ToRefundByHand);
        Assert.Empty(terms.Refunds);
    }

    [Fact]
    public void Cancelling_one_trainee_releases_one_place_keeps_the_other_and_tells_payer_and_staff()
    {
        var decision = EnrolmentDecisions.Decide(PaidByCard(), new EnrolmentCommand.CancelledWithTerms("BEA@example.org", CancellationReason.Payer, Before, LastEnrolmentDay, "Camille"), EnrolmentBuilder.Now);

        var change = Assert.IsType<Decision.Write>(decision).Change;
        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Equal(EnrolmentState.Confirmed, change.After.State);
        Assert.Equal("ana@example.org", Assert.Single(change.After.Trainees).Email);
        Assert.Single(change.After.Seats);
        Assert.Equal("bea@example.org", Assert.Single(change.After.CancelledTrainees).Trainee.Email);
        Assert.Contains(change.Notices, n => n is { Kind: EmailKind.TraineeCancelled, Role: RecipientRole.CancelledTrainee, TraineeIndex: 0 });
        Assert.Contains(change.Notices, n => n.Role == RecipientRole.Staff);
        Assert.Equal(50_000, Assert.Single(change.Refunds).AmountCents);
    }

    [Fact]
    public void The_same_trainee_cancelled_again_changes_nothing()
    {
        var command = new EnrolmentCommand.CancelledWithTerms("bea@example.org", CancellationReason.Payer, Before, LastEnrolmentDay, "Camille");
        var once = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(PaidByCard(), command, EnrolmentBuilder.Now)).Change.After;

        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(once, command, EnrolmentBuilder.Now));
    }

    [Fact]
    public void A_whole_enrolment_cancelled_twice_refunds_once()
    {
        var command = new EnrolmentCommand.CancelledWithTerms(null, CancellationReason.Organisme, Before, LastEnrolmentDay, "Camille");
        var once = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(PaidByCard(), command, EnrolmentBuilder.Now)).Change;

        Assert.Equal(EnrolmentState.Cancelled, once.After.State);
        Assert.Single(once.Refunds);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(once.After, command, EnrolmentBuilder.Now));
    }
}

/// <summary>Paid, invoiced and unpaid, refunded: read from the record.</summary>
public sealed class EnrolmentMoneyTests
{
    private static EnrolmentRecord Invoice(EnrolmentState state) => new EnrolmentBuilder().In(state).Quoted(80_000).Build() with { PaymentMethod = PaymentMethod.Invoice };

    private static RecordedPayment Payment(long cents, string reference = "VIR-1") => new(new DateOnly(2027, 2, 1), cents, "virement", reference, "Camille", EnrolmentBuilder.Now);

    [Fact]
    public void A_confirmed_invoice_with_no_payment_is_all_unpaid_and_nothing_paid()
    {
        Assert.Equal(new EnrolmentMoney(0, 80_000, 0), EnrolmentMoney.Of(Invoice(EnrolmentState.Confirmed)));
    }

    [Fact]
    public void Recorded_payments_are_paid_and_the_rest_of_the_invoice_unpaid()
    {
        var enrolment = Invoice(EnrolmentState.Confirmed) with { Payments = [Payment(30_000), Payment(20_000, "VIR-2")] };

        Assert.Equal(new EnrolmentMoney(50_000, 30_000, 0), EnrolmentMoney.Of(enrolment));
    }

    [Fact]
    public void An_invoice_hold_owes_nothing_yet()
    {
        Assert.Equal(new EnrolmentMoney(0, 0, 0), EnrolmentMoney.Of(Invoice(EnrolmentState.AwaitingInvoice)));
    }

    [Fact]
    public void A_card_payment_partly_refunded_counts_what_is_kept_and_what_went_back()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.Confirmed).Quoted(100_000).Build() with
        {
            PaidAt = EnrolmentBuilder.Now, PaidAmountCents = 100_000, PaymentReference = "pi_1",
            RefundEntries = [new RefundEntry("pi_1-annulation-1", "pi_1", 50_000, EnrolmentBuilder.Now)],
        };

        Assert.Equal(new EnrolmentMoney(50_000, 0, 50_000), EnrolmentMoney.Of(enrolment));
    }

    [Fact]
    public void An_invoice_cancelled_late_stays_due_and_one_cancelled_in_time_owes_nothing()
    {
        var entry = new CancellationEntry(CancellationReason.Payer, EnrolmentBuilder.Now, 80_000, 0, 0, true, "Camille");
        var late = Invoice(EnrolmentState.Cancelled) with { Cancellation = entry };
        var inTime = late with { WaivedCents = 80_000 };

        Assert.Equal(80_000, EnrolmentMoney.Of(late).UnpaidInvoicedCents);
        Assert.Equal(0, EnrolmentMoney.Of(inTime).UnpaidInvoicedCents);
    }

    [Fact]
    public void The_same_bank_line_recorded_twice_is_one_payment_and_a_card_enrolment_takes_none()
    {
        var command = new EnrolmentCommand.PaymentRecorded(Payment(80_000));
        var confirmed = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(Invoice(EnrolmentState.AwaitingInvoice), command, EnrolmentBuilder.Now)).Change;

        Assert.Equal(EnrolmentState.Confirmed, confirmed.After.State);
        Assert.Contains(confirmed.Notices, n => n.Kind == EmailKind.PaymentReceipt);
        Assert.Contains(confirmed.Notices, n => n.Kind == EmailKind.Convocation);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(confirmed.After, command, EnrolmentBuilder.Now));
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(new EnrolmentBuilder().In(EnrolmentState.Confirmed).Build(), command, EnrolmentBuilder.Now));
    }

    [Fact]
    public void A_confirmed_volunteer_declaration_only_clears_the_approval_flag()
    {
        var volunteer = new Trainee("Bea", "Durand", "bea@example.org", null, null, null, TraineeCategory.Volunteer)
        {
            VolunteerDeclaration = new VolunteerDeclaration("Les Petits Frères", EnrolmentBuilder.Now) { AwaitsApproval = true },
        };
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.Confirmed).Build() with { Trainees = [volunteer] };
        var command = new EnrolmentCommand.VolunteerDecided("bea@example.org", true, new InterRate(TraineeCategory.Professional, "Professionnel", 250m));

        var change = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(enrolment, command, EnrolmentBuilder.Now)).Change;

        Assert.False(change.After.Trainees[0].VolunteerDeclaration!.AwaitsApproval);
        Assert.Equal(enrolment.TotalCents, change.After.TotalCents);
        Assert.Empty(change.Notices);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(change.After, command, EnrolmentBuilder.Now));
    }
}
