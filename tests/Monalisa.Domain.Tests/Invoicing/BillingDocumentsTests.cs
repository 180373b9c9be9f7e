using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests.Invoicing;

/// <summary>The invoice model built from an enrolment: parties, references, lines, VAT, totals and terms.</summary>
public sealed class BillingDocumentsTests
{
    private static readonly DateOnly Today = new(2027, 1, 10);
    private static readonly BilledService Service = new("Animer une stratégie de coopération", new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 17));

    public static BillingSettings Settings(VatTreatment? vat = null) => new(
        new BillingParty("Association MONALISA", "1 rue de Paris, 75001 Paris", "123456789", "12345678900011", null, "contact@monalisa.test"),
        vat ?? VatTreatment.Exempt("Exonération de TVA, article 261-4-4° a du CGI"),
        30, "trois fois le taux d'intérêt légal", "IBAN FR76 0000 — BIC TESTFRPP",
        ["Déclaration d'activité n° 11 75 00000 75"], true, "F", "A");

    private static EnrolmentRecord Organisation(PaymentMethod method = PaymentMethod.Invoice) => new EnrolmentBuilder().In(EnrolmentState.Confirmed).Build() with
    {
        PaymentMethod = method,
        Payer = new Payer(PayerKind.Organisation, "CCAS de Lyon", "compta@ccas.example.org", "1 place de la Mairie, 69001 Lyon", "21690123400018", "BC-42")
        {
            VatNumber = "FR12216901234",
        },
        Trainees = [EnrolmentBuilder.Trainee("a@example.org"), EnrolmentBuilder.Trainee("b@example.org") with { Category = TraineeCategory.Volunteer }],
        Lines = [new QuoteLine("professional", "Professionnel", 1, 250m, 500m, 2), new QuoteLine("volunteer", "Bénévole", 1, 150m, 300m, 2)],
        TotalCents = 80_000,
    };

    private static BillingDocument Build(EnrolmentRecord e, BillingSettings? settings = null)
    {
        settings ??= Settings();
        return BillingDocuments.Build(e, (BillingStep.Issue)BillingPlan.Next(e, Today, settings.PublicBodiesAfterSession), Service, settings, Today);
    }

    [Fact]
    public void The_buyer_is_the_payer_with_its_billing_address_siren_siret_and_vat_number()
    {
        var buyer = Build(Organisation()).Buyer;

        Assert.Equal(("CCAS de Lyon", "1 place de la Mairie, 69001 Lyon", "216901234", "21690123400018", "FR12216901234"),
            (buyer.Name, buyer.Address, buyer.Siren, buyer.Siret, buyer.VatNumber));
    }

    [Fact]
    public void The_purchase_order_is_BT_13_and_a_public_buyers_commitment_number_takes_its_place_with_the_service_code_as_BT_10()
    {
        Assert.Equal("BC-42", Build(Organisation()).PurchaseOrderReference);
        var e = Organisation();
        var publicBody = Build(e with { Payer = e.Payer with { PublicBody = new PublicBuyer("SERV-RH", "EJ-2027-7") } }, Settings() with { PublicBodiesAfterSession = false });
        Assert.Equal(("EJ-2027-7", "SERV-RH", true), (publicBody.PurchaseOrderReference, publicBody.BuyerReference, publicBody.PublicBuyer));
    }

    [Fact]
    public void The_first_invoice_prints_one_line_per_tariff_for_the_courses_days()
    {
        var document = Build(Organisation());

        Assert.Equal([(1m, 50_000L), (1m, 30_000L)], document.Lines.Select(l => (l.Quantity, l.NetCents)));
        Assert.All(document.Lines, l => Assert.Contains("Animer une stratégie de coopération", l.Description));
        Assert.Contains("Professionnel, 2 jours", document.Lines[0].Description);
        Assert.Equal((new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 17)), (document.ServiceStart, document.ServiceEnd));
    }

    [Fact]
    public void Exempt_the_net_is_the_gross_and_the_exemption_is_stated()
    {
        var document = Build(Organisation());

        Assert.Equal(new BillingTotals(80_000, 0, 80_000, 0), document.Totals);
        Assert.True(document.Vat.IsExempt);
        Assert.Equal("Exonération de TVA, article 261-4-4° a du CGI", document.Vat.ExemptionReason);
    }

    [Fact]
    public void With_VAT_the_tax_is_taken_out_of_the_published_price_and_the_total_stays_the_quote()
    {
        var document = Build(Organisation(), Settings(VatTreatment.Standard(20m)));

        // 800 € TTC at 20 %: VAT = round(80 000 × 20 / 120) = 13 333 cents.
        Assert.Equal(new BillingTotals(66_667, 13_333, 80_000, 0), document.Totals);
        Assert.Equal(66_667, document.Lines.Sum(l => l.NetCents));
        Assert.All(document.Lines, l => Assert.Equal(l.NetCents, (long)(l.Quantity * l.UnitPriceCents)));
    }

    [Fact]
    public void The_terms_give_the_due_date_the_penalty_rate_the_40_euro_fee_and_the_bank_details()
    {
        var document = Build(Organisation());

        Assert.Equal(Today.AddDays(30), document.DueDate);
        Assert.Contains("9 février 2027", document.PaymentTerms);
        Assert.Contains("trois fois le taux d'intérêt légal", document.PaymentTerms);
        Assert.Contains("40\u00A0€", document.PaymentTerms);
        Assert.Contains("D441-5", document.PaymentTerms);
        Assert.Contains("IBAN FR76 0000", document.PaymentTerms);
        Assert.Equal(BillingDocuments.CreditTransfer, document.PaymentMeansCode);
    }

    [Fact]
    public void A_card_payment_is_printed_as_paid()
    {
        var e = Organisation(PaymentMethod.Card) with { PaidAt = EnrolmentBuilder.Now, PaidAmountCents = 80_000, PaymentReference = "pi_1" };

        var document = Build(e);

        Assert.Equal((80_000L, 0L), (document.Totals.PaidCents, document.Totals.DueCents));
        Assert.Contains("acquittée", document.PaymentTerms);
        Assert.Equal(BillingDocuments.CardPayment, document.PaymentMeansCode);
    }

    [Fact]
    public void A_trainee_cancelled_before_the_invoice_is_left_out_of_its_lines()
    {
        var e = Organisation();
        var cancelled = e with
        {
            Trainees = [e.Trainees[0]],
            WaivedCents = 30_000,
            CancelledTrainees = [new CancelledTrainee(e.Trainees[1], 1, new CancellationEntry(CancellationReason.Payer, EnrolmentBuilder.Now, 30_000, 0, 30_000, false, "Équipe"))],
        };

        var document = Build(cancelled);

        Assert.Equal(50_000, document.Totals.GrossCents);
        Assert.Equal([50_000L], document.Lines.Select(l => l.NetCents));
    }

    [Fact]
    public void A_credit_note_refers_to_the_invoice_it_credits_and_the_date_of_that_invoice()
    {
        var invoice = new IssuedDocument(1, DocumentKind.Invoice, "F-2027-000012", 80_000, new DateTimeOffset(2027, 1, 5, 23, 30, 0, TimeSpan.Zero));
        var e = Organisation() with
        {
            State = EnrolmentState.Cancelled,
            WaivedCents = 80_000,
            Cancellation = new CancellationEntry(CancellationReason.Organisme, EnrolmentBuilder.Now, 80_000, 0, 80_000, false, "Équipe"),
            Documents = [invoice],
        };

        var document = Build(e);

        Assert.Equal(DocumentKind.CreditNote, document.Kind);
        // 23:30 UTC on 5 January is 6 January in Paris: the invoice's own date.
        Assert.Equal(("F-2027-000012", new DateOnly(2027, 1, 6)), (document.PrecedingInvoiceNumber, document.PrecedingInvoiceDate));
        Assert.Contains("F-2027-000012", Assert.Single(document.Lines).Description);
        Assert.Equal(0, document.Totals.PaidCents);
    }

    [Fact]
    public void The_number_is_left_to_the_ledger()
    {
        Assert.Equal("F-2027-000000", Build(Organisation()).Number);
        Assert.Null(DocumentNumber.Parse("F-2027-000000"));
    }
}
