using Monalisa.Functions.Documents;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>
/// The sample documents scripts/document-screenshots.sh turns into docs/screenshots/*.png (pdftoppm): an invoice, a
/// public buyer's invoice, a credit note and a contract, printed under artifacts/documents/ exactly as the app prints them.
/// </summary>
public sealed class DocumentSamples
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "artifacts", "documents");

    [Fact]
    public void The_sample_documents_are_printed_for_the_screenshots()
    {
        Directory.CreateDirectory(Folder);
        var printer = new BillingDocumentPrinter(new PdfWriter(), BillingDocumentSamples.Settings());
        var samples = new Dictionary<string, byte[]>
        {
            ["facture-exemple"] = printer.Print(BillingDocumentSamples.Invoice()),
            ["facture-acheteur-public"] = printer.Print(BillingDocumentSamples.PublicBuyerInvoice()),
            ["avoir-exemple"] = printer.Print(BillingDocumentSamples.CreditNote()),
            ["contrat-exemple"] = new PdfWriter().Write(LegalTextPdfTests.ContractWithTrainees().Markdown,
                new PdfProperties("Contrat de formation professionnelle", "Exemple", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero))),
        };
        foreach (var (name, pdf) in samples)
        {
            File.WriteAllBytes(Path.Combine(Folder, name + ".pdf"), pdf);
            Assert.NotEmpty(PdfText.Read(pdf).All);
        }
    }
}
