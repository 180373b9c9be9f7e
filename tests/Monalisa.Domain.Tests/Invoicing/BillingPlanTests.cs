using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;

namespace Monalisa.Domain.Tests.Invoicing;

/// <summary>When an enrolment is invoiced, and how invoices and credit notes follow what it owes.</summary>
public sealed class BillingPlanTests
{
    private static readonly DateOnly Before = new(2027, 3, 1);
    /// <summary>The builder's session ends on 17 March 2027.</summary>
    private static readonly DateOnly LastDay = new(2027, 3, 17);
    private static readonly DateOnly After = new(2027, 3, 18);

    private static EnrolmentRecord CardPaid() => new EnrolmentBuilder().In(EnrolmentState.Confirmed).Build() with
    {
        PaidAt = EnrolmentBuilder.Now, PaidAmountCents = 50_000, PaymentReference = "pi_1",
    };

    private static EnrolmentRecord OnInvoice(EnrolmentState state, PublicBuyer? publicBody = null)
    {
        var e = new EnrolmentBuilder().In(state).Build();
        return e with { PaymentMethod = PaymentMethod.Invoice, Payer = e.Payer with { PublicBody = publicBody, Siret = "12345678900012" } };
    }

    private static IssuedDocument Invoice(int index, long cents, string number = "F-2027-000001") =>
        new(index, DocumentKind.Invoice, number, cents, EnrolmentBuilder.Now);

    private static BillingStep Next(EnrolmentRecord e, DateOnly? today = null, bool publicAfter = true) => BillingPlan.Next(e, today ?? Before, publicAfter);

    [Fact]
    public void A_card_payment_confirmed_calls_for_one_invoice_of_the_quote()
    {
        var step = Assert.IsType<BillingStep.Issue>(Next(CardPaid()));

        Assert.Equal((1, DocumentKind.Invoice, 50_000L), (step.Index, step.Kind, step.GrossCents));
    }

    [Theory]
    [InlineData(EnrolmentState.PendingPayment)]
    [InlineData(EnrolmentState.Expired)]
    [InlineData(EnrolmentState.PaidNoSeat)]
    public void A_card_enrolment_not_confirmed_is_not_invoiced(EnrolmentState state) =>
        Assert.IsType<BillingStep.Nothing>(Next(CardPaid() with { State = state }));

    [Fact]
    public void An_invoice_payer_is_invoiced_at_confirmation_not_before()
    {
        Assert.IsType<BillingStep.Nothing>(Next(OnInvoice(EnrolmentState.AwaitingInvoice)));
        Assert.IsType<BillingStep.Issue>(Next(OnInvoice(EnrolmentState.Confirmed)));
    }

    [Fact]
    public void A_public_body_is_invoiced_only_after_the_sessions_last_day_when_the_setting_says_so()
    {
        var confirmed = OnInvoice(EnrolmentState.Confirmed, new PublicBuyer("SERV1", "EJ-1"));

        Assert.IsType<BillingStep.Nothing>(Next(confirmed, Before));
        Assert.IsType<BillingStep.Nothing>(Next(confirmed, LastDay));
        Assert.IsType<BillingStep.Issue>(Next(confirmed, After));
        Assert.IsType<BillingStep.Issue>(Next(confirmed, Before, publicAfter: false));
    }

    [Fact]
    public void A_self_funded_trainee_gets_one_invoice_of_the_whole_quote_at_the_first_instalment_paid()
    {
        var signed = new EnrolmentBuilder().SelfFunded(false, false).In(EnrolmentState.ContractSigned).Build();
        var partly = new EnrolmentBuilder().SelfFunded(true, false).In(EnrolmentState.PartlyPaid).Build();

        Assert.IsType<BillingStep.Nothing>(Next(signed));
        var step = Assert.IsType<BillingStep.Issue>(Next(partly));
        Assert.Equal(50_000, step.GrossCents);
        var invoiced = partly with { Documents = [Invoice(1, 50_000)] };
        Assert.IsType<BillingStep.Nothing>(Next(invoiced with { State = EnrolmentState.Confirmed, Instalments = [.. invoiced.Instalments.Select(i => i with { PaidAt = EnrolmentBuilder.Now })] }));
    }

    [Fact]
    public void A_cancellation_before_any_invoice_issues_nothing()
    {
        var cancelled = OnInvoice(EnrolmentState.Cancelled) with
        {
            WaivedCents = 50_000,
            Cancellation = new CancellationEntry(CancellationReason.Organisme, EnrolmentBuilder.Now, 50_000, 0, 50_000, false, "Équipe"),
        };

        Assert.IsType<BillingStep.Nothing>(Next(cancelled));
    }

    [Fact]
    public void A_cancellation_after_the_invoice_calls_for_a_credit_note_referring_to_it()
    {
        var invoice = Invoice(1, 50_000);
        var cancelled = CardPaid() with
        {
            State = EnrolmentState.Cancelled,
            WaivedCents = 50_000,
            Cancellation = new CancellationEntry(CancellationReason.Organisme, EnrolmentBuilder.Now, 50_000, 50_000, 50_000, false, "Équipe"),
            Documents = [invoice],
        };

        var step = Assert.IsType<BillingStep.Issue>(Next(cancelled));

        Assert.Equal((2, DocumentKind.CreditNote, 50_000L, invoice), (step.Index, step.Kind, step.GrossCents, step.Credits));
        Assert.IsType<BillingStep.Nothing>(Next(cancelled with { Documents = [invoice, new IssuedDocument(2, DocumentKind.CreditNote, "A-2027-000001", 50_000, EnrolmentBuilder.Now)] }));
    }

    [Fact]
    public void A_late_cancellation_that_keeps_the_course_due_issues_no_credit_note()
    {
        var cancelled = CardPaid() with
        {
            State = EnrolmentState.Cancelled,
            Cancellation = new CancellationEntry(CancellationReason.Payer, EnrolmentBuilder.Now, 50_000, 0, 0, false, "Équipe"),
            Documents = [Invoice(1, 50_000)],
        };

        Assert.IsType<BillingStep.Nothing>(Next(cancelled));
    }

    [Fact]
    public void A_late_cancellation_before_the_invoice_invoices_what_the_conditions_keep_due()
    {
        var cancelled = OnInvoice(EnrolmentState.Cancelled, new PublicBuyer("SERV1", null)) with
        {
            Cancellation = new CancellationEntry(CancellationReason.Payer, EnrolmentBuilder.Now, 50_000, 0, 0, false, "Équipe"),
        };

        var step = Assert.IsType<BillingStep.Issue>(Next(cancelled, Before));

        Assert.Equal((DocumentKind.Invoice, 50_000L), (step.Kind, step.GrossCents));
    }

    [Fact]
    public void One_trainee_cancelled_after_the_invoice_is_credited_for_their_share_only()
    {
        var step = Assert.IsType<BillingStep.Issue>(Next(CardPaid() with { WaivedCents = 20_000, Documents = [Invoice(1, 50_000)] }));

        Assert.Equal((DocumentKind.CreditNote, 20_000L), (step.Kind, step.GrossCents));
    }

    [Fact]
    public void A_volunteer_re_priced_after_the_invoice_calls_for_a_complementary_invoice()
    {
        var step = Assert.IsType<BillingStep.Issue>(Next(CardPaid() with { TotalCents = 56_000, Documents = [Invoice(1, 50_000)] }));

        Assert.True(step.Complementary);
        Assert.Equal((2, DocumentKind.Invoice, 6_000L), (step.Index, step.Kind, step.GrossCents));
    }

    [Fact]
    public void An_anonymised_enrolment_is_never_invoiced() =>
        Assert.IsType<BillingStep.Nothing>(Next(CardPaid() with { AnonymisedAt = EnrolmentBuilder.Now }));

    [Fact]
    public void Recording_a_document_twice_keeps_it_once_and_moves_nothing()
    {
        var document = Invoice(1, 50_000);
        var first = Assert.IsType<Decision.Write>(EnrolmentDecisions.Decide(CardPaid(), new EnrolmentCommand.DocumentIssued(document), EnrolmentBuilder.Now));

        Assert.Equal([document], first.Change.After.Documents);
        Assert.Equal(EnrolmentState.Confirmed, first.Change.After.State);
        Assert.Empty(first.Change.Notices);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(first.Change.After, new EnrolmentCommand.DocumentIssued(document), EnrolmentBuilder.Now));
    }

    [Fact]
    public void An_invoice_is_paid_once_the_money_covers_it_and_credited_once_a_credit_note_covers_it()
    {
        var invoice = Invoice(1, 50_000);
        var credit = new IssuedDocument(2, DocumentKind.CreditNote, "A-2027-000001", 50_000, EnrolmentBuilder.Now);
        var unpaid = OnInvoice(EnrolmentState.Confirmed) with { Documents = [invoice] };

        Assert.Equal(DocumentStatus.Issued, DocumentStatuses.Of(unpaid, new Dictionary<string, string?>())[invoice.Number]);
        Assert.Equal(DocumentStatus.Paid, DocumentStatuses.Of(CardPaid() with { Documents = [invoice] }, new Dictionary<string, string?>())[invoice.Number]);
        Assert.Equal(DocumentStatus.Credited, DocumentStatuses.Of(unpaid with { Documents = [invoice, credit] },
            new Dictionary<string, string?> { [credit.Number] = invoice.Number })[invoice.Number]);
    }
}
