using System.Globalization;
using System.Text.Json.Nodes;
using Monalisa.Domain.Invoicing;

namespace Monalisa.Functions.ChorusPro;

/// <summary>
/// The structured data Chorus Pro's <c>factures/v1/soumettre</c> takes with a deposited PDF (mode <c>DEPOT_PDF_API</c>,
/// flow E2), read from the same <see cref="BillingDocument"/> the PDF was printed from, so the two never disagree.
/// Amounts in euros with two decimals, as Chorus Pro reads them.
/// </summary>
internal static class ChorusInvoicePayload
{
    public static JsonObject Deposit(string number, byte[] pdf) => new()
    {
        ["fichierFacture"] = Convert.ToBase64String(pdf),
        ["nomFichier"] = $"{number}.pdf",
        ["formatDepot"] = "PDF_NON_SIGNE",
    };

    public static JsonObject Submit(BillingDocument document, long supplierStructureId, long attachmentId)
    {
        var references = new JsonObject
        {
            ["deviseFacture"] = document.Currency,
            ["typeFacture"] = document.Kind == DocumentKind.CreditNote ? "AVOIR" : "FACTURE",
            // Training is a service: VAT, when charged, is due on receipts.
            ["typeTva"] = document.Vat.IsExempt ? "SANS_TVA" : "TVA_SUR_ENCAISSEMENT",
            ["modePaiement"] = "VIREMENT",
        };
        if (document.Vat.IsExempt) references["motifExonerationTva"] = document.Vat.ExemptionReason;
        if (document.PurchaseOrderReference is { } order) references["numeroBonCommande"] = order;
        if (document.PrecedingInvoiceNumber is { } preceding) references["numeroFactureOrigine"] = preceding;

        var destination = new JsonObject { ["codeDestinataire"] = document.Buyer.Siret };
        if (document.BuyerReference is { } serviceCode) destination["codeServiceExecutant"] = serviceCode;

        return new JsonObject
        {
            ["modeDepot"] = "DEPOT_PDF_API",
            ["numeroFactureSaisi"] = document.Number,
            ["dateFacture"] = document.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["destinataire"] = destination,
            ["fournisseur"] = new JsonObject { ["idFournisseur"] = supplierStructureId },
            ["cadreDeFacturation"] = new JsonObject { ["codeCadreFacturation"] = "A1_FACTURE_FOURNISSEUR" },
            ["references"] = references,
            ["pieceJointePrincipale"] = new JsonArray(new JsonObject
            {
                ["pieceJointePrincipaleDesignation"] = document.Kind == DocumentKind.CreditNote ? "Avoir" : "Facture",
                ["pieceJointePrincipaleId"] = attachmentId,
            }),
            ["lignePoste"] = new JsonArray([.. document.Lines.Select((line, i) => (JsonNode)new JsonObject
            {
                ["lignePosteNumero"] = i + 1,
                ["lignePosteDenomination"] = line.Description,
                ["lignePosteQuantite"] = line.Quantity,
                ["lignePosteUnite"] = line.UnitCode,
                ["lignePosteMontantUnitaireHT"] = Euros(line.UnitPriceCents),
                ["lignePosteMontantRemiseHT"] = 0m,
                ["lignePosteTauxTvaManuel"] = document.Vat.RatePercent,
            })]),
            ["ligneTva"] = new JsonArray(new JsonObject
            {
                ["ligneTvaTauxManuel"] = document.Vat.RatePercent,
                ["ligneTvaMontantBaseHtParTaux"] = Euros(document.Totals.NetCents),
                ["ligneTvaMontantTvaParTaux"] = Euros(document.Totals.VatCents),
            }),
            ["montantTotal"] = new JsonObject
            {
                ["montantHtTotal"] = Euros(document.Totals.NetCents),
                ["montantTVA"] = Euros(document.Totals.VatCents),
                ["montantTtcTotal"] = Euros(document.Totals.GrossCents),
                ["montantAPayer"] = Euros(document.Totals.DueCents),
            },
        };
    }

    public static decimal Euros(long cents) => decimal.Round(cents / 100m, 2);
}
