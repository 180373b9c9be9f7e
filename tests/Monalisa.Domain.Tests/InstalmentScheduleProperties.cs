using FsCheck;
using FsCheck.Xunit;
using Monalisa.Domain.SelfFunded;

namespace Monalisa.Domain.Tests;

/// <summary>L6353-6 in cents: first = floor(30 % × total), balance = total − first, nothing before day 11.</summary>
public sealed class InstalmentScheduleProperties
{
    private static readonly DateOnly Signed = new(2026, 12, 1);

    private static IReadOnlyList<Instalment> Plan(NonNegativeInt total, byte daysToSession) =>
        InstalmentSchedule.For(total.Get, Signed, Signed.AddDays(daysToSession));

    [Property]
    public bool The_instalments_sum_to_the_quote(NonNegativeInt total, byte daysToSession) =>
        Plan(total, daysToSession).Sum(i => i.AmountCents) == total.Get;

    [Property]
    public bool The_first_instalment_is_at_most_30_percent_and_the_largest_whole_cent_that_is(NonNegativeInt total, byte daysToSession)
    {
        var plan = Plan(total, daysToSession);
        var first = plan.Count == 2 ? plan[0].AmountCents : 0;
        // first × 100 ≤ total × 30 < (first + 1) × 100: floor, exactly.
        return first * 100 <= total.Get * 30L && total.Get * 30L < (first + 1) * 100;
    }

    [Property]
    public bool Nothing_is_due_before_day_11(NonNegativeInt total, byte daysToSession) =>
        Plan(total, daysToSession).All(i => i.DueOn >= Signed.AddDays(11));

    [Property]
    public bool The_balance_is_due_on_the_first_day_of_the_session_unless_that_is_before_day_11(NonNegativeInt total, byte daysToSession)
    {
        var start = Signed.AddDays(daysToSession);
        var balance = Plan(total, daysToSession)[^1];
        return balance.DueOn == (daysToSession >= 11 ? start : Signed.AddDays(11));
    }

    [Property]
    public bool No_instalment_is_zero_or_negative(PositiveInt total, byte daysToSession) =>
        InstalmentSchedule.For(total.Get, Signed, Signed.AddDays(daysToSession)).All(i => i.AmountCents > 0);

    [Theory]
    [InlineData(30000, 9000, 21000)]
    [InlineData(33333, 9999, 23334)]
    [InlineData(99, 29, 70)]
    [InlineData(3, 0, 3)]
    public void Rounding_is_down_to_the_cent_for_the_first_and_the_rest_goes_to_the_balance(long total, long first, long balance)
    {
        var plan = InstalmentSchedule.For(total, Signed, Signed.AddDays(60));
        Assert.Equal(first == 0 ? [balance] : new[] { first, balance }, plan.Select(i => i.AmountCents).ToArray());
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(9, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Withdrawal_is_possible_until_day_10_inclusive(int day, bool possible) =>
        Assert.Equal(possible, InstalmentSchedule.CanWithdraw(Signed, Signed.AddDays(day)));
}
