using FsCheck;
using FsCheck.Xunit;
using Monalisa.Domain.Invoicing;

namespace Monalisa.Domain.Tests.Invoicing;

/// <summary>Taking VAT out of TTC prices never loses or makes a cent, and the lines add up to the net.</summary>
public sealed class VatSplitProperties
{
    private static readonly decimal[] Rates = [0m, 2.1m, 5.5m, 10m, 20m];

    private static (IReadOnlyList<BillingLine> Lines, long Gross, long Vat) Split(NonEmptyArray<PositiveInt> units, byte rateIndex, bool exempt)
    {
        var vat = exempt ? VatTreatment.Exempt("Exonération") : VatTreatment.Standard(Rates[rateIndex % Rates.Length]);
        // Up to 8 lines, each 1 to 12 trainees at 1 cent to 5 000 €.
        var lines = units.Get.Take(8).Select((u, i) => new VatSplit.GrossLine($"ligne {i}", 1 + u.Get % 12, 1 + (long)u.Get * 7919 % 500_000)).ToList();
        var gross = lines.Sum(l => l.GrossCents);
        return (VatSplit.NetLines(lines, vat, BillingDocuments.UnitOne), gross, VatSplit.VatCents(gross, vat));
    }

    [Property]
    public bool Net_plus_VAT_is_the_gross(NonEmptyArray<PositiveInt> units, byte rate, bool exempt)
    {
        var (lines, gross, vat) = Split(units, rate, exempt);
        return lines.Sum(l => l.NetCents) + vat == gross;
    }

    [Property]
    public bool Every_line_is_its_quantity_times_its_unit_price(NonEmptyArray<PositiveInt> units, byte rate, bool exempt) =>
        Split(units, rate, exempt).Lines.All(l => l.NetCents == l.Quantity * l.UnitPriceCents && l.Quantity > 0 && l.UnitPriceCents >= 0);

    [Property]
    public bool The_VAT_is_the_rate_taken_out_of_the_gross_to_the_nearest_cent(NonEmptyArray<PositiveInt> units, byte rate)
    {
        var (_, gross, vat) = Split(units, rate, exempt: false);
        var r = Rates[rate % Rates.Length];
        return Math.Abs(vat - gross * r / (100m + r)) <= 0.5m;
    }

    [Property]
    public bool Exempt_the_net_is_the_gross_line_by_line(NonEmptyArray<PositiveInt> units) =>
        Split(units, 0, exempt: true).Lines.Sum(l => l.NetCents) == Split(units, 0, exempt: true).Gross;
}
