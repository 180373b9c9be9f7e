namespace Monalisa.Domain.Tariffs;

public static class Money
{
    /// <summary>Converts euros to cents, refusing any amount that is not a whole number of cents.</summary>
    public static long ToCents(decimal euros)
    {
        var cents = euros * 100m;
        if (cents != decimal.Truncate(cents))
            throw new ArgumentException($"{euros} € n'est pas un nombre entier de centimes.", nameof(euros));
        return checked((long)cents);
    }

    public static decimal FromCents(long cents) => cents / 100m;
}
