using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Privacy;

namespace Monalisa.Domain.Tests;

public sealed class PersonalDataTests
{
    private static readonly DateTimeOffset AfterTheSession = new(2027, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_address_is_found_as_payer_and_as_trainee_whatever_its_case_or_surrounding_spaces()
    {
        var enrolment = new EnrolmentBuilder().PaidBy("Marie@Example.org").WithTrainees("ana@example.org", "marie@EXAMPLE.ORG").Build();

        var roles = PersonalData.RolesIn(enrolment, PersonalData.Comparable("  marie@example.org ")!);

        Assert.True(roles.Payer);
        Assert.Equal([1], roles.Trainees);
        Assert.False(PersonalData.RolesIn(enrolment, PersonalData.Comparable("paul@example.org")!).Any);
    }

    [Fact]
    public void Erasing_a_trainee_keeps_their_organisation_and_category_and_the_other_trainees()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.Confirmed).WithTrainees("ana@example.org", "leo@example.org").Build()
            with { Trainees = [EnrolmentBuilder.Trainee("ana@example.org") with { Organisation = "CCAS de Lyon", Phone = "0600000000" }, EnrolmentBuilder.Trainee("leo@example.org")] };

        var erased = Assert.IsType<Erasure.Erased>(PersonalData.Erase(enrolment, "ana@example.org", AfterTheSession));

        var ana = erased.After.Trainees[0];
        Assert.Equal(PersonalData.Removed, ana.FirstName);
        Assert.Null(ana.Phone);
        Assert.EndsWith("@" + PersonalData.RemovedDomain, ana.Email);
        Assert.Equal("CCAS de Lyon", ana.Organisation);
        Assert.Equal(enrolment.Trainees[0].Category, ana.Category);
        Assert.Equal("leo@example.org", erased.After.Trainees[1].Email);
        Assert.Equal(enrolment.Payer, erased.After.Payer);
        Assert.Equal([KeptFor.Statistics], erased.Kept);
    }

    [Fact]
    public void An_individual_payer_who_paid_keeps_name_and_address_for_the_invoice_but_loses_email_and_accessibility_needs()
    {
        var enrolment = new EnrolmentBuilder().SelfFunded(true, true).In(EnrolmentState.Confirmed).PaidBy("solo@example.org").Build()
            with { AccessibilityNeeds = "Fauteuil roulant" };
        enrolment = enrolment with { Payer = enrolment.Payer with { PostalAddress = new PostalAddress("1 rue de la Paix", "69001", "Lyon") } };

        var erased = Assert.IsType<Erasure.Erased>(PersonalData.Erase(enrolment, "solo@example.org", AfterTheSession));

        Assert.Equal("Payeur", erased.After.Payer.Name);
        Assert.NotNull(erased.After.Payer.PostalAddress);
        Assert.DoesNotContain("solo", erased.After.Payer.Email, StringComparison.Ordinal);
        Assert.Null(erased.After.AccessibilityNeeds);
        Assert.Contains(KeptFor.Accounting, erased.Kept);
        Assert.Equal(enrolment.TotalCents, erased.After.TotalCents);
        Assert.Equal(enrolment.Instalments, erased.After.Instalments);
    }

    [Fact]
    public void An_individual_payer_who_never_paid_loses_name_and_address_too()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.Expired).PaidBy("solo@example.org").Build();
        enrolment = enrolment with { Payer = enrolment.Payer with { Kind = PayerKind.Individual, PostalAddress = new PostalAddress("1 rue", "69001", "Lyon") } };

        var erased = Assert.IsType<Erasure.Erased>(PersonalData.Erase(enrolment, "solo@example.org", AfterTheSession));

        Assert.Equal(PersonalData.Removed, erased.After.Payer.Name);
        Assert.Null(erased.After.Payer.PostalAddress);
        Assert.Empty(erased.Kept);
    }

    [Fact]
    public void An_individual_payer_named_by_an_issued_invoice_keeps_name_and_address_even_without_money_received()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.Expired).PaidBy("solo@example.org").Build();
        enrolment = enrolment with
        {
            Payer = enrolment.Payer with { Kind = PayerKind.Individual, PostalAddress = new PostalAddress("1 rue", "69001", "Lyon") },
            // The ledger keeps the invoice as issued, ten years: the enrolment must still say whom it names.
            Documents = [new Monalisa.Domain.Invoicing.IssuedDocument(1, Monalisa.Domain.Invoicing.DocumentKind.Invoice, "F-2027-000001", 50_000, AfterTheSession.AddDays(-30))],
        };

        var erased = Assert.IsType<Erasure.Erased>(PersonalData.Erase(enrolment, "solo@example.org", AfterTheSession));

        Assert.Equal(enrolment.Payer.Name, erased.After.Payer.Name);
        Assert.Equal(enrolment.Payer.PostalAddress, erased.After.Payer.PostalAddress);
        Assert.Contains(KeptFor.Accounting, erased.Kept);
    }

    [Theory]
    [InlineData(EnrolmentState.Confirmed)]
    [InlineData(EnrolmentState.AwaitingInvoice)]
    [InlineData(EnrolmentState.WaitingList)]
    [InlineData(EnrolmentState.PaidNoSeat)]
    public void A_person_still_enrolled_in_a_session_to_come_is_not_erased_until_staff_cancel(EnrolmentState state)
    {
        var enrolment = new EnrolmentBuilder().In(state).Build();

        Assert.IsType<Erasure.StillEnrolled>(PersonalData.Erase(enrolment, "ana@example.org", EnrolmentBuilder.Now));
        Assert.IsType<Erasure.Erased>(PersonalData.Erase(enrolment, "ana@example.org", AfterTheSession));
    }

    [Fact]
    public void Erasing_twice_finds_nothing_the_second_time()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.Cancelled).Build();
        var erased = Assert.IsType<Erasure.Erased>(PersonalData.Erase(enrolment, "ana@example.org", EnrolmentBuilder.Now));

        Assert.IsType<Erasure.NotMentioned>(PersonalData.Erase(erased.After, "ana@example.org", EnrolmentBuilder.Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pas-une-adresse")]
    [InlineData("a\u200B@example.org")]
    public void Something_that_is_not_an_address_is_not_searched(string typed) =>
        Assert.Null(PersonalData.Comparable(typed));
}
