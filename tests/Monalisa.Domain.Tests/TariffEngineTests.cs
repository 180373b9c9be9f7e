using Monalisa.Content;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests;

public sealed class TariffEngineTests
{
    private static readonly Catalogue.Course FirstCourse =
        CourseContent.LoadEmbeddedCatalogue().FindCourse("animer-une-strategie-de-cooperation-monalisa")!;

    private static Quote Priced(Catalogue.Course course, QuoteRequest request) =>
        Assert.IsType<QuoteOutcome.Priced>(TariffEngine.Price(course, request)).Quote;

    [Fact]
    public void A_professional_costs_500_euros_for_the_two_day_course()
    {
        var quote = Priced(FirstCourse, QuoteRequest.Inter(1, 0));
        Assert.Equal(500m, quote.Total);
        Assert.Equal(2, quote.Days);
        Assert.Equal(250m, Assert.Single(quote.Lines).UnitPricePerDay);
    }

    [Fact]
    public void A_volunteer_costs_150_euros_a_day_so_300_euros_for_the_course()
    {
        // Fails if the volunteer rate in the course file changes: the brochure says 150 € (per day) for a bénévole.
        var quote = Priced(FirstCourse, QuoteRequest.Inter(0, 1));
        var line = Assert.Single(quote.Lines);
        Assert.Equal(QuoteCategories.Volunteer, line.Category);
        Assert.Equal(150m, line.UnitPricePerDay);
        Assert.Equal(300m, quote.Total);
    }

    [Fact]
    public void Two_professionals_and_one_volunteer_cost_1300_euros()
    {
        var quote = Priced(FirstCourse, QuoteRequest.Inter(2, 1));
        Assert.Equal(1300m, quote.Total);
        Assert.Equal(130000, quote.TotalCents);
        Assert.Equal([QuoteCategories.Professional, QuoteCategories.Volunteer], quote.Lines.Select(l => l.Category));
        Assert.Equal(50000, quote.Lines[0].UnitAmountCents(quote.Days));
    }

    [Fact]
    public void An_intra_session_costs_a_flat_3000_euros_for_two_days()
    {
        var quote = Priced(FirstCourse, QuoteRequest.Intra());
        Assert.Equal(3000m, quote.Total);
        Assert.Equal(TrainingMode.Intra, quote.Mode);
        Assert.Equal(Quote.Euro, quote.Currency);
    }

    [Fact]
    public void The_intra_line_is_one_session_counted_by_its_days_two_days_at_1500_euros()
    {
        // Read « Session intra : 2 jours × 1 500 € » on the site and in emails, never « 1 × … (forfait par jour) ».
        var line = Assert.Single(Priced(FirstCourse, QuoteRequest.Intra()).Lines);
        Assert.Equal((TariffEngine.IntraLabel, 1, 2, 1500m, 3000m), (line.Label, line.Quantity, line.Days, line.UnitPricePerDay, line.Amount));
        Assert.DoesNotContain("forfait", line.Label, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_course_without_intra_tariff_refuses_an_intra_quote()
    {
        var course = new CourseBuilder().IntraPerDay(null).Build();
        Assert.IsType<QuoteOutcome.ModeNotOffered>(TariffEngine.Price(course, QuoteRequest.Intra()));
    }

    [Fact]
    public void The_price_from_is_the_cheapest_trainee_for_the_whole_course()
    {
        Assert.Equal(300m, TariffEngine.PriceFrom(FirstCourse));
    }

    [Theory]
    [InlineData(0.5, 50)]
    [InlineData(1234.56, 123456)]
    [InlineData(0, 0)]
    public void Euros_convert_exactly_to_cents(decimal euros, long cents) => Assert.Equal(cents, Money.ToCents(euros));

    [Fact]
    public void A_fraction_of_a_cent_is_refused() => Assert.Throws<ArgumentException>(() => Money.ToCents(0.001m));
}
