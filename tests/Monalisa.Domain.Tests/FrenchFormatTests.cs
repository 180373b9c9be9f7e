using Fluid;
using Monalisa.Domain.Text;

namespace Monalisa.Domain.Tests;

/// <summary>How dates, times, amounts and counts read in French, the same on the site, in emails, on Stripe and in the contract.</summary>
public sealed class FrenchFormatTests
{
    private const char Nbsp = '\u00A0';

    [Fact]
    public void A_date_is_written_day_month_year_in_words() =>
        Assert.Equal("16 mars 2027", FrenchFormat.Date(new DateOnly(2027, 3, 16)));

    [Fact]
    public void The_first_of_the_month_is_written_1er()
    {
        Assert.Equal("1er avril 2027", FrenchFormat.Date(new DateOnly(2027, 4, 1)));
        Assert.Equal("jeudi 1er avril 2027", FrenchFormat.LongDate(new DateOnly(2027, 4, 1)));
    }

    [Fact]
    public void A_one_day_session_reads_le()
    {
        var day = new DateOnly(2027, 3, 16);
        Assert.Equal("le 16 mars 2027", FrenchFormat.Range(day, day));
    }

    [Fact]
    public void A_range_within_a_month_names_the_month_once() =>
        Assert.Equal("du 16 au 17 mars 2027", FrenchFormat.Range(new(2027, 3, 16), new(2027, 3, 17)));

    [Fact]
    public void A_range_across_months_names_both_months_and_the_year_once() =>
        Assert.Equal("du 30 mars au 1er avril 2027", FrenchFormat.Range(new(2027, 3, 30), new(2027, 4, 1)));

    [Fact]
    public void A_range_across_years_names_both_years() =>
        Assert.Equal("du 30 décembre 2026 au 2 janvier 2027", FrenchFormat.Range(new(2026, 12, 30), new(2027, 1, 2)));

    [Fact]
    public void A_range_starting_on_the_first_writes_1er() =>
        Assert.Equal("du 1er au 2 juillet 2027", FrenchFormat.Range(new(2027, 7, 1), new(2027, 7, 2)));

    [Fact]
    public void Times_read_9_h_30_with_no_break_spaces_and_no_leading_zero()
    {
        Assert.Equal($"9{Nbsp}h{Nbsp}30", FrenchFormat.Time(new TimeOnly(9, 30)));
        Assert.Equal($"14{Nbsp}h", FrenchFormat.Time(new TimeOnly(14, 0)));
        Assert.Equal($"4{Nbsp}h{Nbsp}05", FrenchFormat.Time(new TimeOnly(4, 5)));
        Assert.Equal($"de 9{Nbsp}h à 17{Nbsp}h{Nbsp}30", FrenchFormat.Hours(new TimeOnly(9, 0), new TimeOnly(17, 30)));
    }

    [Fact]
    public void A_date_time_is_told_in_Paris_time()
    {
        // 08:12 UTC in December is 09:12 in Paris.
        Assert.Equal($"1er décembre 2026 à 9{Nbsp}h{Nbsp}12", FrenchFormat.DateTime(new DateTimeOffset(2026, 12, 1, 8, 12, 0, TimeSpan.Zero)));
        // Summer time: 22:30 UTC on 31 July is 00:30 on 1 August in Paris.
        Assert.Equal($"1er août 2027 à 0{Nbsp}h{Nbsp}30", FrenchFormat.DateTime(new DateTimeOffset(2027, 7, 31, 22, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Whole_euros_have_no_decimals_and_no_break_spaces()
    {
        Assert.Equal($"1{Nbsp}500{Nbsp}€", FrenchFormat.Euros(1500m));
        Assert.Equal($"500{Nbsp}€", FrenchFormat.Euros(500.00m));
        Assert.Equal($"0{Nbsp}€", FrenchFormat.Euros(0m));
        Assert.Equal($"1{Nbsp}234{Nbsp}567{Nbsp}€", FrenchFormat.Euros(1234567m));
    }

    [Fact]
    public void Amounts_with_cents_always_show_two_decimals()
    {
        Assert.Equal($"1{Nbsp}300,50{Nbsp}€", FrenchFormat.Euros(1300.5m));
        Assert.Equal($"12,05{Nbsp}€", FrenchFormat.Euros(12.05m));
        Assert.Equal($"1{Nbsp}300,50{Nbsp}€", FrenchFormat.EurosFromCents(130050));
    }

    [Fact]
    public void No_amount_uses_the_narrow_no_break_space_or_an_ordinary_space()
    {
        var text = FrenchFormat.Euros(1234567.89m);
        Assert.DoesNotContain('\u202F', text);
        Assert.DoesNotContain(' ', text);
    }

    [Fact]
    public void Zero_and_one_are_singular_two_and_more_are_plural()
    {
        Assert.Equal("0 place", FrenchFormat.Plural(0, "place", "places"));
        Assert.Equal("1 place", FrenchFormat.Plural(1, "place", "places"));
        Assert.Equal("2 places", FrenchFormat.Plural(2, "place", "places"));
        Assert.Equal($"1{Nbsp}200 stagiaires", FrenchFormat.Plural(1200, "stagiaire", "stagiaires"));
    }

    [Fact]
    public void One_seat_left_reads_qu_une_place()
    {
        Assert.Equal("il ne reste qu'une place", FrenchFormat.OnlyLeft(1, "place", "places"));
        Assert.Equal("il ne reste que 3 places", FrenchFormat.OnlyLeft(3, "place", "places"));
    }
}

/// <summary>The same formats reach every template through the Liquid filters.</summary>
public sealed class FrenchFiltersTests
{
    private static string Render(string liquid, object? value)
    {
        Assert.True(new FluidParser().TryParse(liquid, out var template, out var error), error);
        var context = new TemplateContext(Monalisa.Content.Text.FrenchFilters.Options());
        context.SetValue("v", value);
        return template.Render(context, NullEncoder.Default);
    }

    [Fact]
    public void Templates_write_dates_amounts_and_plurals_as_the_code_does()
    {
        Assert.Equal("1er avril 2027", Render("{{ v | fr_date }}", new DateOnly(2027, 4, 1)));
        Assert.Equal(FrenchFormat.EurosFromCents(130050), Render("{{ v | euros_cents }}", 130050L));
        Assert.Equal(FrenchFormat.Euros(1500m), Render("{{ v | euros }}", 1500m));
        Assert.Equal("2 places", Render("{{ v | plural: 'place', 'places' }}", 2));
        Assert.Equal("il ne reste qu'une place", Render("{{ v | only_left: 'place', 'places' }}", 1));
    }
}
