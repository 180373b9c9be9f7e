using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>
/// The printed invoice, read back with PdfPig as any reader would: every mention the law asks for (CGI annexe II art.
/// 242 nonies A, Code de commerce L441-9, D441-5) is in the PDF's text, one named check each.
/// </summary>
public sealed class BillingDocumentPrinterTests
{
    private static readonly BillingDocumentPrinter Printer = new(new PdfWriter(), BillingDocumentSamples.Settings());
    private static readonly Lazy<PdfText> Invoice = new(() => PdfText.Read(Printer.Print(BillingDocumentSamples.Invoice())));
    private static readonly Lazy<PdfText> CreditNote = new(() => PdfText.Read(Printer.Print(BillingDocumentSamples.CreditNote())));

    public static TheoryData<string, string> InvoiceMentions => new()
    {
        { "seller's name", "Association MONALISA" },
        { "seller's address", "12 rue de la Fraternité" },
        { "seller's town", "75011 Paris" },
        { "seller's SIREN", "SIREN 812345678" },
        { "seller's SIRET", "SIRET 81234567800021" },
        { "seller's VAT number", "N° de TVA intracommunautaire : FR33812345678" },
        { "buyer's name", "Commune de Saint-Œuvre-sur-Loire" },
        { "buyer's billing address", "Adresse de facturation : Mairie, service des ressources humaines, 1 place de la République, 45000 Orléans" },
        { "buyer's SIREN", "SIREN 214500123" },
        { "buyer's SIRET", "SIRET 21450012300017" },
        { "buyer's VAT number", "N° de TVA intracommunautaire : FR40214500123" },
        { "the number", "Facture n° F-2027-000123" },
        { "the date", "Date de la facture 15 janvier 2027" },
        { "the date of the service", "Date de la prestation Du 16 au 17 mars 2027" },
        { "a line's description", "tarif professionnel, 2 jours" },
        { "the columns: quantity, unit price excluding VAT, amount", "Désignation Quantité Prix unitaire HT Montant HT" },
        { "a line's quantity, unit price and amount", "3 450 € 1 350 €" },
        { "the other line's quantity, unit price and amount", "1 150 € 150 €" },
        { "the total excluding VAT", "Total HT 1 500 €" },
        { "the VAT exemption with its legal reference", "Exonération de TVA, article 261-4-4° a du CGI" },
        { "the total including VAT", "Total TTC 1 500 €" },
        { "the amount due", "Net à payer 1 500 €" },
        { "the due date", "Date d'échéance 14 février 2027" },
        { "the late-payment penalty rate", "pénalités au taux de trois fois le taux d'intérêt légal" },
        { "the 40 € fixed recovery fee", "indemnité forfaitaire pour frais de recouvrement de 40 €" },
        { "the bank details", "IBAN FR76 3000 4000 0500 0012 3456 789" },
        { "the purchase-order number", "Bon de commande n° BC-2027-0042" },
        { "the training declaration", "Déclaration d'activité enregistrée sous le numéro 11 75 12345 75" },
        { "the nature of the operation (services, from 1 September 2026)", "Nature de l'opération Prestation de services" },
        { "the document's other notes", "Prestation de services : action de formation professionnelle continue." },
    };

    [Theory]
    [MemberData(nameof(InvoiceMentions))]
    public void The_printed_invoice_carries_each_mandatory_mention(string mention, string expected) =>
        Assert.True(Invoice.Value.Flat.Contains(expected, StringComparison.Ordinal), $"{mention}: « {expected} » not found in\n{Invoice.Value.All}");

    [Fact]
    public void The_invoice_is_text_not_an_image_and_is_titled_by_its_number()
    {
        Assert.Equal(0, Invoice.Value.ImageCount);
        Assert.Equal("Facture n° F-2027-000123", Invoice.Value.Title);
        Assert.Contains("page 1 / 1", Invoice.Value.All);
    }

    [Fact]
    public void The_training_declaration_is_printed_once_even_when_the_document_notes_repeat_it() =>
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(Invoice.Value.Flat, "Déclaration d'activité enregistrée"));

    public static TheoryData<string, string> CreditNoteMentions => new()
    {
        { "the kind and number", "Avoir n° A-2027-000004" },
        { "the invoice it credits, with its date", "Avoir sur la facture n° F-2027-000123 du 15 janvier 2027" },
        { "the date", "Date de l'avoir 1er février 2027" },
        { "the amount credited", "Montant de l'avoir 450 €" },
        { "the buyer", "Commune de Saint-Œuvre-sur-Loire" },
        { "the seller's SIRET", "SIRET 81234567800021" },
        { "the VAT exemption", "Exonération de TVA, article 261-4-4° a du CGI" },
    };

    [Theory]
    [MemberData(nameof(CreditNoteMentions))]
    public void The_printed_credit_note_refers_to_the_invoice_it_credits(string mention, string expected) =>
        Assert.True(CreditNote.Value.Flat.Contains(expected, StringComparison.Ordinal), $"{mention}: « {expected} » not found in\n{CreditNote.Value.All}");

    [Fact]
    public void A_credit_note_is_not_worded_as_an_invoice_to_pay()
    {
        Assert.DoesNotContain("Net à payer", CreditNote.Value.Flat);
        Assert.DoesNotContain("Facture n°", CreditNote.Value.Flat);
    }

    [Fact]
    public void A_public_buyer_invoice_prints_its_service_code_and_commitment_number()
    {
        var text = PdfText.Read(Printer.Print(BillingDocumentSamples.PublicBuyerInvoice())).Flat;

        Assert.Contains("Code service (Chorus Pro) SERV-RH-01", text);
        Assert.Contains("Numéro d'engagement (bon de commande) EJ-2027-778899", text);
    }

    [Fact]
    public void An_invoice_with_vat_prints_its_rate_and_amount_and_no_exemption()
    {
        var text = PdfText.Read(Printer.Print(BillingDocumentSamples.StandardRateInvoice())).Flat;

        Assert.Contains("4 312,50 € 1 250 €", text);
        Assert.Contains("Total HT 1 250 €", text);
        Assert.Contains("TVA au taux de 20 % 250 €", text);
        Assert.Contains("Total TTC 1 500 €", text);
        Assert.Contains("Déjà réglé 500 €", text);
        Assert.Contains("Net à payer 1 000 €", text);
        Assert.DoesNotContain("Exonération", text);
    }

    [Fact]
    public void What_a_payer_typed_prints_as_typed_even_with_markdown_characters()
    {
        var document = BillingDocumentSamples.Invoice() with
        {
            Buyer = BillingDocumentSamples.Buyer with { Name = "Les **Amis** | du [quartier](https://x.test) #1", Address = "3 rue *des* Lilas_\n<b>75000</b> Paris" },
        };

        var text = PdfText.Read(Printer.Print(document)).Flat;

        Assert.Contains("Les **Amis** | du [quartier](https://x.test) #1", text);
        Assert.Contains("3 rue *des* Lilas_, <b>75000</b> Paris", text);
    }

    [Fact]
    public void Printing_the_same_document_again_gives_the_same_bytes()
    {
        var first = Printer.Print(BillingDocumentSamples.Invoice());

        Assert.Equal(first, Printer.Print(BillingDocumentSamples.Invoice()));
        Assert.NotEqual(first, Printer.Print(BillingDocumentSamples.Invoice() with { Number = "F-2027-000124" }));
    }

    [Fact]
    public void A_quantity_is_written_the_french_way_without_trailing_zeros()
    {
        var document = BillingDocumentSamples.Invoice() with
        {
            Lines = [new BillingLine("Journée supplémentaire", 1.50m, "DAY", 30000, 45000), new BillingLine("Stagiaire", 3.000m, "C62", 45000, 135000)],
        };

        var text = PdfText.Read(Printer.Print(document)).Flat;

        Assert.Contains("Journée supplémentaire 1,5 300 € 450 €", text);
        Assert.Contains("Stagiaire 3 450 € 1 350 €", text);
    }

    [Fact]
    public void A_person_paying_for_themselves_gets_no_empty_company_identifiers()
    {
        var document = BillingDocumentSamples.Invoice() with
        {
            Buyer = new BillingParty("Anne Martin", "3 rue des Lilas\n69003 Lyon", null, null, null, "anne@example.test"),
            PurchaseOrderReference = null,
        };

        var text = PdfText.Read(Printer.Print(document)).Flat;

        Assert.Contains("Client Anne Martin Adresse de facturation : 3 rue des Lilas, 69003 Lyon Détail", text);
        Assert.DoesNotContain("Bon de commande", text);
    }
}
