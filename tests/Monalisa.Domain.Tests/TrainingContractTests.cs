using Monalisa.Content;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests;

public sealed class TrainingContractTests
{
    private static readonly ContractParties Parties = SiteSettings.LoadEmbedded().ContractParties();

    private static readonly DateOnly SignedOn = new(2026, 12, 1);

    private static ContractTrainee Person(TraineeCategory category = TraineeCategory.Volunteer) =>
        new("Dominique", "Lefèvre", new PostalAddress("3 rue des Lilas", "69003", "Lyon"), category);

    private static TrainingContract RealContract(TraineeCategory category = TraineeCategory.Volunteer, int session = 0)
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        return TrainingContractWriter.For(course, course.Sessions[session], Parties, Person(category), SignedOn);
    }

    [Fact]
    public void The_contract_names_the_trainee_and_their_postal_address_instead_of_pointing_at_the_form()
    {
        var parties = RealContract().Sections[0].Paragraphs[1];
        Assert.Contains("Dominique Lefèvre, demeurant 3 rue des Lilas, 69003 Lyon", parties);
        Assert.DoesNotContain("identifié dans le formulaire", RealContract().Text);
    }

    [Theory]
    [InlineData(TraineeCategory.Volunteer, "bénévole", "professionnel")]
    [InlineData(TraineeCategory.Professional, "professionnel(le)", "bénévole :")]
    public void The_contract_states_the_one_price_of_the_trainees_category_and_its_schedule(TraineeCategory category, string named, string absent)
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var total = TrainingContractWriter.PriceCents(course, category);
        var schedule = InstalmentSchedule.For(total, SignedOn, course.Sessions[0].Start);
        var price = RealContract(category).Sections.Single(s => s.Heading.StartsWith("Article 6", StringComparison.Ordinal));
        var text = string.Join("\n", price.Paragraphs);

        Assert.Contains($"au tarif {named} : {Monalisa.Domain.Text.FrenchFormat.EurosFromCents(total)} TTC", text);
        Assert.DoesNotContain($"Stagiaire {absent}", text);
        Assert.Equal(1, text.Split(" TTC").Length - 1);
        foreach (var instalment in schedule)
        {
            Assert.Contains(Monalisa.Domain.Text.FrenchFormat.EurosFromCents(instalment.AmountCents), text);
            Assert.Contains(Monalisa.Domain.Text.FrenchFormat.Date(instalment.DueOn), text);
        }
    }

    [Fact]
    public void The_organisations_siret_and_the_sessions_city_are_printed_once()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var labelled = TrainingContractWriter.For(course, course.Sessions[2], Parties with { Siret = "SIRET 123 456 789 00012" }, Person(), SignedOn).Text;
        Assert.Contains("SIRET 123 456 789 00012", labelled);
        Assert.DoesNotContain("SIRET SIRET", labelled);
        Assert.DoesNotContain("(exemple) (", labelled);
        Assert.Contains($"Lieu : {course.Sessions[2].Venue}, {course.Sessions[2].Address}.", labelled);
    }

    [Fact]
    public void Another_person_or_another_signing_day_gives_another_hash()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var other = Person() with { Address = new PostalAddress("4 rue des Lilas", "69003", "Lyon") };
        Assert.NotEqual(RealContract().Sha256, TrainingContractWriter.For(course, course.Sessions[0], Parties, other, SignedOn).Sha256);
        Assert.NotEqual(RealContract().Sha256, TrainingContractWriter.For(course, course.Sessions[0], Parties, Person(), SignedOn.AddDays(1)).Sha256);
    }

    [Fact]
    public void The_trainers_qualifications_come_from_the_site_settings()
    {
        Assert.StartsWith("Les formateurs sont des professionnels", Parties.TrainersQualifications);
        Assert.Contains(Parties.TrainersQualifications, RealContract().Text);
    }

    [Fact]
    public void The_contract_carries_every_item_L6353_4_asks_for()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var text = RealContract().Text;
        Assert.Contains(course.Title, text);
        Assert.Contains($"{course.Duration.Hours} heures", text);
        Assert.Contains(course.Objectives[0], text);
        Assert.Contains($"Nombre de stagiaires prévu pour la session : {course.Sessions[0].Capacity}", text);
        Assert.Contains("30 %", text);
        Assert.Contains("Délai de rétractation", text);
        Assert.Contains("Interruption et annulation", text);
    }

    [Fact]
    public void The_contract_is_rendered_from_the_legal_template_with_dates_and_amounts_written_as_on_the_site()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var contract = RealContract();
        Assert.StartsWith("Contrat de formation professionnelle", contract.Title);
        Assert.Equal(9, contract.Sections.Count);
        Assert.Equal("Les parties", contract.Sections[0].Heading);
        Assert.Contains(Monalisa.Domain.Text.FrenchFormat.Range(course.Sessions[0]), contract.Text);
        Assert.Contains("\u00A0€ TTC.", contract.Text);
        Assert.DoesNotContain("{{", contract.Text);
        Assert.DoesNotContain("{%", contract.Text);
        Assert.DoesNotContain("\n\n\n", contract.Text);
    }

    [Fact]
    public void The_same_facts_give_the_same_text_and_hash_and_another_session_another_hash()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        Assert.Equal(RealContract().Sha256, RealContract().Sha256);
        Assert.Matches("^[0-9a-f]{64}$", RealContract().Sha256);
        Assert.NotEqual(RealContract().Sha256, RealContract(session: 1).Sha256);
    }
}

public sealed class SelfFundedStateMachineTests
{
    [Fact]
    public void Withdrawal_gives_the_place_back_and_is_idempotent()
    {
        var move = Assert.IsType<Transition.Moved>(EnrolmentStateMachine.Apply(EnrolmentState.ContractSigned, EnrolmentTrigger.Withdrew));
        Assert.Equal(EnrolmentState.Withdrawn, move.To);
        Assert.True(move.ReleasesSeats);
        Assert.IsType<Transition.AlreadyThere>(EnrolmentStateMachine.Apply(EnrolmentState.Withdrawn, EnrolmentTrigger.Withdrew));
    }

    [Fact]
    public void A_contract_holds_its_place_and_withdrawal_is_refused_once_money_was_taken()
    {
        Assert.True(EnrolmentStateMachine.HoldsSeats(EnrolmentState.ContractSigned));
        Assert.True(EnrolmentStateMachine.HoldsSeats(EnrolmentState.InstalmentOverdue));
        Assert.IsType<Transition.Refused>(EnrolmentStateMachine.Apply(EnrolmentState.PartlyPaid, EnrolmentTrigger.Withdrew));
    }

    [Theory]
    [InlineData(EnrolmentState.ContractSigned, EnrolmentTrigger.InstalmentPaid, EnrolmentState.PartlyPaid)]
    [InlineData(EnrolmentState.PartlyPaid, EnrolmentTrigger.LastInstalmentPaid, EnrolmentState.Confirmed)]
    [InlineData(EnrolmentState.ContractSigned, EnrolmentTrigger.InstalmentFailed, EnrolmentState.InstalmentOverdue)]
    [InlineData(EnrolmentState.InstalmentOverdue, EnrolmentTrigger.InstalmentPaid, EnrolmentState.PartlyPaid)]
    [InlineData(EnrolmentState.InstalmentOverdue, EnrolmentTrigger.GraceExpired, EnrolmentState.Expired)]
    [InlineData(EnrolmentState.Withdrawn, EnrolmentTrigger.InstalmentPaid, EnrolmentState.PaidNoSeat)]
    public void Instalment_moves(EnrolmentState from, EnrolmentTrigger trigger, EnrolmentState to) =>
        Assert.Equal(to, Assert.IsType<Transition.Moved>(EnrolmentStateMachine.Apply(from, trigger)).To);

    [Fact]
    public void The_grace_period_running_out_releases_the_place() =>
        Assert.True(Assert.IsType<Transition.Moved>(EnrolmentStateMachine.Apply(EnrolmentState.InstalmentOverdue, EnrolmentTrigger.GraceExpired)).ReleasesSeats);
}
