namespace Monalisa.Domain.Invoicing;

/// <summary>
/// Published prices are TTC when the association charges VAT: the VAT is taken out of the gross once, on the whole
/// document (VAT = round(gross × r / (100 + r)), half away from zero; net = gross − VAT), so the printed total is the
/// price the buyer was quoted and paid to the cent. The lines then share the net in proportion to their gross (the last
/// line takes what rounding left), and a line whose net does not divide by its quantity is printed as two lines
/// (unit prices one cent apart), so that every line's amount is exactly its quantity × its unit price. Exempt: net = gross.
/// </summary>
public static class VatSplit
{
    /// <summary>A line before VAT is taken out: description, quantity (may be negative for a deduction) and unit price TTC.</summary>
    public sealed record GrossLine(string Description, decimal Quantity, long UnitGrossCents)
    {
        public long GrossCents => checked((long)(Quantity * UnitGrossCents));
    }

    public static long VatCents(long grossCents, VatTreatment vat) =>
        vat.IsExempt || vat.RatePercent == 0 ? 0 : (long)Math.Round(grossCents * vat.RatePercent / (100m + vat.RatePercent), MidpointRounding.AwayFromZero);

    /// <summary>The lines excluding VAT, summing exactly to gross − <see cref="VatCents"/>.</summary>
    public static IReadOnlyList<BillingLine> NetLines(IReadOnlyList<GrossLine> lines, VatTreatment vat, string unitCode)
    {
        var gross = lines.Sum(l => l.GrossCents);
        var vatTotal = VatCents(gross, vat);
        var result = new List<BillingLine>();
        var vatLeft = vatTotal;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var share = i == lines.Count - 1 || gross == 0 ? vatLeft : (long)Math.Round((decimal)vatTotal * line.GrossCents / gross, MidpointRounding.AwayFromZero);
            vatLeft -= share;
            result.AddRange(Split(line, line.GrossCents - share, unitCode));
        }
        return result;
    }

    /// <summary>One line of <paramref name="netCents"/>, or two when the quantity does not divide it (whole quantities only).</summary>
    private static IEnumerable<BillingLine> Split(GrossLine line, long netCents, string unitCode)
    {
        if (line.Quantity == 0) yield break;
        var quantity = line.Quantity;
        if (quantity != decimal.Truncate(quantity) || Math.Abs(quantity) == 1)
        {
            var unit = (long)Math.Round(netCents / quantity, MidpointRounding.AwayFromZero);
            yield return new BillingLine(line.Description, quantity, unitCode, unit, netCents);
            yield break;
        }
        var count = (long)Math.Abs(quantity);
        var sign = Math.Sign(quantity);
        var perUnit = Math.DivRem(Math.Abs(netCents), count, out var remainder);
        var unitSign = Math.Sign(netCents) * sign < 0 ? -1 : 1;
        if (remainder == 0)
        {
            yield return new BillingLine(line.Description, quantity, unitCode, unitSign * perUnit, netCents);
            yield break;
        }
        // count − remainder units at perUnit, remainder units at perUnit + 1: the sum is |net| exactly.
        var lowCount = count - remainder;
        yield return new BillingLine(line.Description, sign * lowCount, unitCode, unitSign * perUnit, sign * lowCount * unitSign * perUnit);
        yield return new BillingLine(line.Description, sign * remainder, unitCode, unitSign * (perUnit + 1), sign * remainder * unitSign * (perUnit + 1));
    }
}
