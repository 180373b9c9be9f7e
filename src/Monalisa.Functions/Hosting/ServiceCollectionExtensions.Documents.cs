using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddDocuments(this IServiceCollection services) => services
        // Markdown → PDF in the embedded font: stateless, one for the app (invoices, credit notes, conventions).
        .AddSingleton<IPdfWriter, PdfWriter>()
        // facture.liquid → Markdown → PDF, with the seller's facts of the site settings.
        .AddSingleton<IBillingDocumentPrinter, BillingDocumentPrinter>();
}
