using Monalisa.Content;
using Monalisa.Domain.Invoicing;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>
/// Issued documents as the ledger hands them to the printer: a collectivité's invoice (exempt, purchase order), the
/// credit note that follows its cancellation, a public buyer's and a VAT-charging seller's variants. The payment terms
/// (BT-20) are worded as the invoicing domain words them.
/// </summary>
internal static class BillingDocumentSamples
{
    public const string TrainingDeclaration = "Déclaration d'activité enregistrée sous le numéro 11 75 12345 75 auprès du préfet de région d'Île-de-France. Cet enregistrement ne vaut pas agrément de l'État.";

    public static SiteSettings Settings()
    {
        var settings = SiteSettings.LoadEmbedded();
        settings.Legal.TrainingDeclaration = TrainingDeclaration;
        return settings;
    }

    public static BillingParty Seller { get; } = new(
        "Association MONALISA", "12 rue de la Fraternité\n75011 Paris", "812345678", "81234567800021", "FR33812345678", "formation@monalisa-asso.fr");

    public static BillingParty Buyer { get; } = new(
        "Commune de Saint-Œuvre-sur-Loire", "Mairie, service des ressources humaines\n1 place de la République\n45000 Orléans",
        "214500123", "21450012300017", "FR40214500123", "rh@saint-oeuvre.fr");

    public static BillingDocument Invoice() => new()
    {
        Kind = DocumentKind.Invoice,
        Number = "F-2027-000123",
        IssueDate = new DateOnly(2027, 1, 15),
        DueDate = new DateOnly(2027, 2, 14),
        ServiceStart = new DateOnly(2027, 3, 16),
        ServiceEnd = new DateOnly(2027, 3, 17),
        Seller = Seller,
        Buyer = Buyer,
        PurchaseOrderReference = "BC-2027-0042",
        Lines =
        [
            new BillingLine("Formation « Coopérer pour rompre l'isolement », du 16 au 17 mars 2027 — tarif professionnel, 2 jours", 3, "C62", 45000, 135000),
            new BillingLine("Formation « Coopérer pour rompre l'isolement », du 16 au 17 mars 2027 — tarif bénévole, 2 jours", 1, "C62", 15000, 15000),
        ],
        Vat = VatTreatment.Exempt("Exonération de TVA, article 261-4-4° a du CGI"),
        Totals = new BillingTotals(150000, 0, 150000, 0),
        PaymentTerms = "À régler au plus tard le 14 février 2027 par virement : IBAN FR76 3000 4000 0500 0012 3456 789 — BIC BNPAFRPPXXX. "
            + "Pas d'escompte pour paiement anticipé. En cas de retard, pénalités au taux de trois fois le taux d'intérêt légal, "
            + "et indemnité forfaitaire pour frais de recouvrement de 40 € (articles L441-10 et D441-5 du Code de commerce).",
        PaymentMeansCode = "30",
        Notes = [TrainingDeclaration, "Prestation de services : action de formation professionnelle continue."],
        EnrolmentId = "enr-0001",
    };

    public static BillingDocument CreditNote() => Invoice() with
    {
        Kind = DocumentKind.CreditNote,
        Number = "A-2027-000004",
        IssueDate = new DateOnly(2027, 2, 1),
        DueDate = new DateOnly(2027, 3, 3),
        PrecedingInvoiceNumber = "F-2027-000123",
        PrecedingInvoiceDate = new DateOnly(2027, 1, 15),
        Lines = [new BillingLine("Avoir sur la facture F-2027-000123 — Formation « Coopérer pour rompre l'isolement », du 16 au 17 mars 2027", 1, "C62", 45000, 45000)],
        Totals = new BillingTotals(45000, 0, 45000, 0),
        PaymentTerms = "Avoir à déduire de la facture F-2027-000123 ; toute somme déjà réglée au-delà du montant restant dû est remboursée.",
    };

    /// <summary>A public buyer (Chorus Pro): the service code and the commitment number in place of a purchase order.</summary>
    public static BillingDocument PublicBuyerInvoice() => Invoice() with
    {
        PublicBuyer = true,
        BuyerReference = "SERV-RH-01",
        PurchaseOrderReference = "EJ-2027-778899",
    };

    /// <summary>A seller charging VAT at 20 % on TTC prices: 1 500,00 € TTC = 1 250,00 € HT + 250,00 € of VAT.</summary>
    public static BillingDocument StandardRateInvoice() => Invoice() with
    {
        Lines = [new BillingLine("Formation « Coopérer pour rompre l'isolement » — tarif professionnel, 2 jours", 4, "C62", 31250, 125000)],
        Vat = VatTreatment.Standard(20m),
        Totals = new BillingTotals(125000, 25000, 150000, 50000),
    };
}
