using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;

namespace Monalisa.Domain.Invoicing;

/// <summary>
/// The seller's facts and the rules every document prints, from the settings (Legal.*, Invoicing.*): the seller
/// (BG-4), one VAT regime, the payment days, the late-payment penalty rate, the bank details, the notes (déclaration
/// d'activité), when public bodies are invoiced and the prefixes of the two series.
/// </summary>
public sealed record BillingSettings(
    BillingParty Seller,
    VatTreatment Vat,
    int PaymentDays,
    string LatePenaltyRate,
    string BankDetails,
    IReadOnlyList<string> Notes,
    bool PublicBodiesAfterSession,
    string InvoicePrefix,
    string CreditNotePrefix)
{
    public string PrefixOf(DocumentKind kind) => kind == DocumentKind.Invoice ? InvoicePrefix : CreditNotePrefix;
}

/// <summary>The course and session a document bills: its title and the date of the service (BG-14).</summary>
public sealed record BilledService(string CourseTitle, DateOnly Start, DateOnly End);

/// <summary>
/// Builds the document a <see cref="BillingStep.Issue"/> calls for, from the enrolment, the service and the settings.
/// The number is left to the ledger, which takes it from its counter in the transaction that writes the document
/// (<see cref="UnnumberedSequence"/> until then).
/// </summary>
public static class BillingDocuments
{
    /// <summary>The sequence of a document not yet numbered: <see cref="DocumentNumber.Parse"/> refuses it.</summary>
    public const long UnnumberedSequence = 0;

    /// <summary>UN/ECE rec. 20 « C62 » (one): one trainee for the whole course.</summary>
    public const string UnitOne = "C62";

    /// <summary>UNTDID 4461: 48 bank card, 30 credit transfer.</summary>
    public const string CardPayment = "48";
    public const string CreditTransfer = "30";

    /// <summary>The fixed recovery fee owed by a professional buyer paying late (Code de commerce D441-5).</summary>
    public const long RecoveryFeeCents = 4000;

    public static BillingDocument Build(EnrolmentRecord enrolment, BillingStep.Issue step, BilledService service, BillingSettings settings, DateOnly issueDate)
    {
        var lines = VatSplit.NetLines(GrossLines(enrolment, step, service), settings.Vat, UnitOne);
        var vat = VatSplit.VatCents(step.GrossCents, settings.Vat);
        var paid = step.Kind == DocumentKind.Invoice ? PaidTowards(enrolment, step) : 0;
        var card = enrolment.PaymentMethod == PaymentMethod.Card;
        var due = issueDate.AddDays(settings.PaymentDays);
        var payer = enrolment.Payer;
        return new BillingDocument
        {
            Kind = step.Kind,
            Number = DocumentNumber.Format(settings.PrefixOf(step.Kind), issueDate.Year, UnnumberedSequence),
            IssueDate = issueDate,
            DueDate = due,
            ServiceStart = service.Start,
            ServiceEnd = service.End,
            Seller = settings.Seller,
            Buyer = new BillingParty(payer.Name, BillingAddress(payer), Siren(payer.Siret), Blank(payer.Siret), Blank(payer.VatNumber), payer.Email),
            BuyerReference = Blank(payer.PublicBody?.ServiceCode),
            PurchaseOrderReference = Blank(payer.PublicBody?.CommitmentNumber) ?? Blank(payer.PurchaseOrder),
            PrecedingInvoiceNumber = step.Credits?.Number,
            PrecedingInvoiceDate = step.Credits is { } credited ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(credited.IssuedAt, Catalogue.ParisTime.Zone).DateTime) : null,
            Lines = lines,
            Vat = settings.Vat,
            Totals = new BillingTotals(step.GrossCents - vat, vat, step.GrossCents, paid),
            PaymentTerms = PaymentTerms(step, settings, due, paid, payer.Kind == PayerKind.Organisation, card),
            PaymentMeansCode = card ? CardPayment : CreditTransfer,
            Notes = settings.Notes,
            EnrolmentId = enrolment.Id,
            PublicBuyer = payer.PublicBody is not null,
        };
    }

    /// <summary>The SIREN (BT-47) is the first nine digits of the SIRET.</summary>
    public static string? Siren(string? siret)
    {
        var digits = new string((siret ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 9 ? digits[..9] : null;
    }

    /// <summary>
    /// The first invoice prints the quote: one line per tariff, less the trainees cancelled before it, and a deduction
    /// line for any other waiver. A complementary invoice or a credit note prints one line for the difference.
    /// </summary>
    private static List<VatSplit.GrossLine> GrossLines(EnrolmentRecord enrolment, BillingStep.Issue step, BilledService service)
    {
        var what = $"Formation « {service.CourseTitle} », {FrenchFormat.Range(service.Start, service.End)}";
        if (step.Index > 1 || step.Kind == DocumentKind.CreditNote)
        {
            var label = step.Kind == DocumentKind.CreditNote ? $"Avoir sur la facture {step.Credits?.Number}" : "Facture complémentaire";
            return [new VatSplit.GrossLine($"{label} — {what}", 1, step.GrossCents)];
        }
        var lines = new List<VatSplit.GrossLine>();
        foreach (var line in enrolment.Lines)
        {
            var cancelled = enrolment.CancelledTrainees.Count(c => line.Category == SafeCategory(c.Trainee.Category));
            var quantity = Math.Max(0, line.Quantity - cancelled);
            if (quantity > 0)
                lines.Add(new VatSplit.GrossLine($"{what} — {line.Label}, {FrenchFormat.Plural(line.Days, "jour", "jours")}", quantity, line.UnitAmountCents(line.Days)));
        }
        var difference = step.GrossCents - lines.Sum(l => l.GrossCents);
        if (difference != 0) lines.Add(new VatSplit.GrossLine($"{what} — remise", -1, -difference));
        return lines;
    }

    private static string? SafeCategory(TraineeCategory category) =>
        category is TraineeCategory.Professional or TraineeCategory.Volunteer ? QuoteCategories.For(category) : null;

    /// <summary>What was received towards this invoice: money received less what earlier invoices took (BT-113).</summary>
    private static long PaidTowards(EnrolmentRecord enrolment, BillingStep.Issue step)
    {
        var money = EnrolmentMoney.Of(enrolment);
        var earlier = BillingPlan.NetInvoicedCents(enrolment.Documents);
        return Math.Clamp(money.PaidCents - Math.Max(0, earlier), 0, step.GrossCents);
    }

    /// <summary>
    /// BT-20 in words (L441-9, L441-10, D441-5): how and when to pay, no discount for early payment, the penalty rate and,
    /// for a professional buyer, the 40 € fixed recovery fee.
    /// </summary>
    private static string PaymentTerms(BillingStep.Issue step, BillingSettings settings, DateOnly due, long paid, bool professionalBuyer, bool card)
    {
        if (step.Kind == DocumentKind.CreditNote)
            return $"Avoir à déduire de la facture {step.Credits?.Number} ; toute somme déjà réglée au-delà du montant restant dû est remboursée.";
        var how = paid >= step.GrossCents ? "Facture acquittée."
            // A self-funded trainee's balance is charged to the saved card on the contract's schedule (L6353-6).
            : card ? $"Solde de {FrenchFormat.EurosFromCents(step.GrossCents - paid)} prélevé sur la carte enregistrée, aux échéances du contrat de formation."
            : $"À régler au plus tard le {FrenchFormat.Date(due)} par virement : {settings.BankDetails}.";
        var penalties = $"Pas d'escompte pour paiement anticipé. En cas de retard, pénalités au taux de {settings.LatePenaltyRate}";
        return professionalBuyer
            ? $"{how} {penalties}, et indemnité forfaitaire pour frais de recouvrement de {FrenchFormat.EurosFromCents(RecoveryFeeCents)} (articles L441-10 et D441-5 du Code de commerce)."
            : $"{how} {penalties}.";
    }

    private static string BillingAddress(Payer payer) =>
        Blank(payer.Address) ?? payer.PostalAddress?.ToString() ?? "";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
