using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Tests.ChorusPro;

/// <summary>A public body's payer fields, and what its Chorus Pro directory entry requires, in plain C#.</summary>
public sealed class PublicBuyerRulesTests
{
    private static readonly CourseCatalogue Catalogue =
        new([new CourseBuilder().WithSession("s1", new DateOnly(2027, 3, 16)).Build()], EnrolmentDeadline.None);

    private static EnrolmentSubmission Submission(PayerSubmission payer, string method = "invoice") => new()
    {
        SessionId = "s1",
        Trainees = [new TraineeSubmission { FirstName = "Anne", LastName = "Martin", Email = "anne.martin@example.org", Category = "professional" }],
        Payer = payer,
        PaymentMethod = method,
        PrerequisitesConfirmed = true,
        Consent = true,
    };

    private static PayerSubmission PublicPayer(string? siret = "21690123400019") => new()
    {
        Kind = "public", Name = "Commune de Villeurbanne", Email = "factures@villeurbanne.example.org",
        Address = "Place Lazare-Goujon, 69100 Villeurbanne", Siret = siret, ServiceCode = " SERV-01 ", CommitmentNumber = "EJ-42",
    };

    private static ValidationOutcome<EnrolmentRequest> Validate(EnrolmentSubmission submission) =>
        EnrolmentValidator.Validate(submission, Catalogue, new DateOnly(2027, 1, 4));

    private static IReadOnlyDictionary<string, string[]> Errors(ValidationOutcome<EnrolmentRequest> outcome) =>
        outcome is ValidationOutcome<EnrolmentRequest>.Invalid invalid ? invalid.Errors.ToDictionary() : new Dictionary<string, string[]>();

    [Fact]
    public void A_public_body_is_an_organisation_invoiced_with_its_Chorus_Pro_codes()
    {
        var request = Assert.IsType<ValidationOutcome<EnrolmentRequest>.Valid>(Validate(Submission(PublicPayer()))).Value;

        Assert.Equal(PayerKind.Organisation, request.Payer.Kind);
        Assert.Equal(new PublicBuyer("SERV-01", "EJ-42"), request.Payer.PublicBody);
        Assert.Equal(PaymentMethod.Invoice, request.PaymentMethod);
    }

    [Fact]
    public void Another_organisation_has_no_public_buyer_routing_even_if_codes_are_sent()
    {
        var request = Assert.IsType<ValidationOutcome<EnrolmentRequest>.Valid>(Validate(Submission(PublicPayer() with { Kind = "organisation" }))).Value;

        Assert.Null(request.Payer.PublicBody);
    }

    [Fact]
    public void A_public_body_needs_its_SIRET()
    {
        Assert.Equal([EnrolmentMessages.PublicBodySiretRequired], Errors(Validate(Submission(PublicPayer(siret: null))))["payer.siret"]);
    }

    [Fact]
    public void A_public_body_pays_on_invoice_only()
    {
        Assert.Equal([EnrolmentMessages.PublicBodyInvoiceOnly], Errors(Validate(Submission(PublicPayer(), method: "card")))["paymentMethod"]);
    }

    [Fact]
    public void An_organisation_paying_by_card_gives_its_billing_address()
    {
        var errors = Errors(Validate(Submission(PublicPayer() with { Kind = "organisation", Address = null }, method: "card")));

        Assert.Equal([EnrolmentMessages.PayerAddressRequired], errors["payer.address"]);
    }

    [Theory]
    [InlineData("FR 32 216 901 234", "FR32216901234")]
    [InlineData("fr32216901234", "FR32216901234")]
    [InlineData("DE123456789", "DE123456789")]
    public void A_VAT_number_is_kept_normalised(string typed, string kept)
    {
        var request = Assert.IsType<ValidationOutcome<EnrolmentRequest>.Valid>(Validate(Submission(PublicPayer() with { VatNumber = typed }))).Value;

        Assert.Equal(kept, request.Payer.VatNumber);
    }

    [Theory]
    [InlineData("FR3221690123")]
    [InlineData("123456789")]
    [InlineData("FRXX21690123A")]
    public void A_malformed_VAT_number_is_refused_on_its_field(string typed)
    {
        Assert.Equal([EnrolmentMessages.VatNumberInvalid], Errors(Validate(Submission(PublicPayer() with { VatNumber = typed })))["payer.vatNumber"]);
    }

    [Fact]
    public void A_directory_entry_requiring_a_service_code_refuses_its_absence_on_that_field()
    {
        var errors = new PublicBuyerRequirements(ServiceCode: true, CommitmentNumber: false, EitherOne: false).Check(new PublicBuyer(null, "EJ-42")).ToDictionary();

        Assert.Equal([EnrolmentMessages.ServiceCodeRequired], errors["payer.serviceCode"]);
        Assert.Single(errors);
    }

    [Fact]
    public void A_directory_entry_requiring_both_codes_names_each_missing_one()
    {
        var errors = new PublicBuyerRequirements(true, true, false).Check(new PublicBuyer(" ", null)).ToDictionary();

        Assert.Equal([EnrolmentMessages.ServiceCodeRequired], errors["payer.serviceCode"]);
        Assert.Equal([EnrolmentMessages.CommitmentNumberRequired], errors["payer.commitmentNumber"]);
    }

    [Fact]
    public void Either_code_satisfies_a_structure_that_asks_for_one_of_the_two()
    {
        var rule = new PublicBuyerRequirements(true, true, EitherOne: true);

        Assert.False(rule.Check(new PublicBuyer(null, "EJ-42")).Any);
        Assert.False(rule.Check(new PublicBuyer("SERV-01", null)).Any);
        Assert.Equal([EnrolmentMessages.ServiceCodeOrCommitmentRequired], rule.Check(new PublicBuyer(null, null)).ToDictionary()["payer.serviceCode"]);
    }

    [Fact]
    public void A_structure_asking_for_nothing_takes_a_public_body_without_codes()
    {
        Assert.False(PublicBuyerRequirements.None.Check(new PublicBuyer(null, null)).Any);
    }
}
