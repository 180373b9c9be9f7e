using FsCheck;
using FsCheck.Xunit;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests;

public sealed class TariffEngineProperties
{
    private static Quote Priced(Catalogue.Course course, QuoteRequest request) =>
        ((QuoteOutcome.Priced)TariffEngine.Price(course, request)).Quote;

    private static Catalogue.Course Course(PositiveInt days, NonNegativeInt professionalCents, NonNegativeInt volunteerCents) =>
        new CourseBuilder()
            .Days(days.Get % 10 + 1)
            .InterRates(professionalCents.Get / 100m, volunteerCents.Get / 100m)
            .Build();

    [Property]
    public bool The_total_is_the_sum_of_the_lines(PositiveInt days, NonNegativeInt pro, NonNegativeInt vol, byte professionals, byte volunteers)
    {
        var quote = Priced(Course(days, pro, vol), QuoteRequest.Inter(professionals % 31, volunteers % 31));
        return quote.Total == quote.Lines.Sum(l => l.Amount)
            && quote.Lines.All(l => l.Days == quote.Days && l.Amount == l.UnitPricePerDay * l.Quantity * l.Days);
    }

    [Property]
    public bool Adding_a_trainee_never_lowers_the_total(PositiveInt days, NonNegativeInt pro, NonNegativeInt vol, byte professionals, byte volunteers, bool addVolunteer)
    {
        var course = Course(days, pro, vol);
        var (p, v) = (professionals % 30, volunteers % 30);
        var before = Priced(course, QuoteRequest.Inter(p, v)).Total;
        var after = Priced(course, addVolunteer ? QuoteRequest.Inter(p, v + 1) : QuoteRequest.Inter(p + 1, v)).Total;
        return after >= before;
    }

    [Property]
    public bool A_quote_is_never_negative(PositiveInt days, NonNegativeInt pro, NonNegativeInt vol, byte professionals, byte volunteers, bool intra)
    {
        var request = intra ? QuoteRequest.Intra() : QuoteRequest.Inter(professionals % 31, volunteers % 31);
        var quote = Priced(Course(days, pro, vol), request);
        return quote.Total >= 0 && quote.Lines.All(l => l.Amount >= 0);
    }

    [Property]
    public bool Intra_ignores_the_participant_count(PositiveInt days, byte professionals, byte volunteers)
    {
        var course = new CourseBuilder().Days(days.Get % 10 + 1).Build();
        var withNobody = Priced(course, QuoteRequest.Intra());
        var withSome = Priced(course, new QuoteRequest(TrainingMode.Intra, new Dictionary<TraineeCategory, int>
        {
            [TraineeCategory.Professional] = professionals,
            [TraineeCategory.Volunteer] = volunteers,
        }));
        return withNobody.Total == withSome.Total && withSome.Total == 1500m * course.Duration.Days;
    }

    [Property]
    public bool Every_total_converts_to_whole_cents(PositiveInt days, NonNegativeInt pro, NonNegativeInt vol, byte professionals) =>
        Priced(Course(days, pro, vol), QuoteRequest.Inter(professionals % 31, 1)).TotalCents >= 0;
}
