using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Content;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Invoicing;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddInvoicing(this IServiceCollection services)
    {
        // The seller's facts and the invoicing rules of settings.yml, as the domain reads them.
        services.AddSingleton(sp => BillingSettingsFactory.From(sp.GetRequiredService<SiteSettings>()));
        // The ledger: numbering, documents and their PDFs, one transaction per issue. It prints through
        // IBillingDocumentPrinter (Documents), registered there.
        services.AddSingleton<InvoiceLedger>();
        services.AddSingleton<ILedgerDocuments>(sp => sp.GetRequiredService<InvoiceLedger>());
        // What is due, issued and recorded on the enrolment; the enrolment side calls it through IBillingTrigger.
        services.AddSingleton<BillingIssuer>();
        services.AddSingleton<BillingSweep>();
        services.AddSingleton<IBillingTrigger, BillingQueue>();
        // Tokenised download links, and the console's document rows.
        services.AddSingleton<InvoiceLinks>();
        services.AddSingleton<DocumentRows>();
        // The invoice and credit-note emails, composed for the outbox by EmailComposer's Ledger branch.
        services.AddSingleton<Email.LedgerEmails>();
        return services;
    }
}
