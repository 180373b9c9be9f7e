using Microsoft.Extensions.DependencyInjection;
using Monalisa.Content;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>The app's own wiring: the invoicing ledger and the convention get the printer and the writer from the container.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DocumentServicesTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_app_prints_invoices_with_the_seller_facts_of_its_own_settings()
    {
        await using var api = await TestApi.StartAsync(storage);

        var printer = api.Services.GetRequiredService<IBillingDocumentPrinter>();
        var text = PdfText.Read(printer.Print(BillingDocumentSamples.Invoice() with { Notes = [] })).Flat;

        // The déclaration d'activité comes from the settings the app loaded (site/settings.yml), not from the document.
        Assert.Contains(PdfText.Normalise(SiteSettings.LoadEmbedded().Legal.TrainingDeclaration.Trim()), text);
        Assert.Same(api.Services.GetRequiredService<IPdfWriter>(), api.Services.GetRequiredService<IPdfWriter>());
    }
}
