namespace Monalisa.Domain.SelfFunded;

/// <summary>One charge of a self-funded trainee's price: its number (1, 2), amount in cents and the day it is due (Paris date).</summary>
public sealed record Instalment(int Number, long AmountCents, DateOnly DueOn);

/// <summary>
/// When a self-funded trainee pays, under L6353-5 and L6353-6 of the Code du travail.
/// <para>Day 0 is the day the contract is signed (accepted online). Days 1 to 10 are the withdrawal period: nothing is
/// charged. The first instalment is charged no earlier than day 11 and is at most 30 % of the price; the balance is
/// charged on the session's first day.</para>
/// <para>Rounding, in cents: <c>first = floor(total × 30 / 100)</c>, <c>balance = total − first</c>. Rounding down keeps
/// the first instalment at or under 30 %, and the two always add up to the quote.</para>
/// <para>Online self-funded enrolment is open only for a session that starts on day 12 or later
/// (<see cref="IsOpenOnline"/>): with an earlier start a trainee could attend, then withdraw on day 10 and pay nothing.</para>
/// <para>Cautious option, for enrolments recorded before that rule: when the session starts before day 11, nothing is
/// charged before day 11 either; both instalments are then due on day 11 (the first still at most 30 %), and staff are
/// alerted to settle the case.</para>
/// </summary>
public static class InstalmentSchedule
{
    public const int WithdrawalDays = 10;
    public const int FirstChargeDay = WithdrawalDays + 1;
    public const int FirstInstalmentPercent = 30;

    /// <summary>floor(30 % of the total), in cents. Totals are never negative.</summary>
    public static long FirstCents(long totalCents) => totalCents * FirstInstalmentPercent / 100;

    /// <summary>The last day the trainee may still withdraw (day 10).</summary>
    public static DateOnly WithdrawalEndsOn(DateOnly signedOn) => signedOn.AddDays(WithdrawalDays);

    public static bool CanWithdraw(DateOnly signedOn, DateOnly today) => today <= WithdrawalEndsOn(signedOn);

    /// <summary>
    /// The last day a self-funded trainee may sign online for a session: the withdrawal period (days 1 to 10) and the
    /// first charge (day 11) must both be over before the session's first day, so it starts on day 12 at the earliest.
    /// </summary>
    public static DateOnly LastOnlineSigningDay(DateOnly sessionStart) => sessionStart.AddDays(-(FirstChargeDay + 1));

    /// <summary>Whether a self-funded trainee signing on <paramref name="signedOn"/> may enrol online (see <see cref="LastOnlineSigningDay"/>).</summary>
    public static bool IsOpenOnline(DateOnly signedOn, DateOnly sessionStart) => signedOn <= LastOnlineSigningDay(sessionStart);

    /// <summary>The session starts before the first day anything may be charged.</summary>
    public static bool IsCautious(DateOnly signedOn, DateOnly sessionStart) => sessionStart < signedOn.AddDays(FirstChargeDay);

    public static IReadOnlyList<Instalment> For(long totalCents, DateOnly signedOn, DateOnly sessionStart)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalCents);
        var firstDay = signedOn.AddDays(FirstChargeDay);
        var balanceDay = IsCautious(signedOn, sessionStart) ? firstDay : sessionStart;
        var first = FirstCents(totalCents);
        var balance = totalCents - first;
        // A zero instalment (a price under 4 cents, or free) is not charged at all.
        var instalments = new List<Instalment>();
        if (first > 0) instalments.Add(new Instalment(1, first, firstDay));
        if (balance > 0 || instalments.Count == 0) instalments.Add(new Instalment(instalments.Count + 1, balance, balanceDay));
        return instalments;
    }
}
