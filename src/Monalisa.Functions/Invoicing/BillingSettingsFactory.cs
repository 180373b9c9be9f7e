using Monalisa.Content;
using Monalisa.Domain.Invoicing;

namespace Monalisa.Functions.Invoicing;

/// <summary>The invoicing rules of settings.yml (Legal.*, Invoicing.*) as the domain reads them.</summary>
internal static class BillingSettingsFactory
{
    public static BillingSettings From(SiteSettings settings)
    {
        var legal = settings.Legal;
        var rules = settings.Invoicing;
        // The settings' check refuses both or neither (SiteSettings.CheckInvoicing, MissingLegalFacts).
        var vat = rules.Rate is { } rate && string.IsNullOrWhiteSpace(rules.VatExemption)
            ? VatTreatment.Standard(rate)
            : VatTreatment.Exempt(rules.VatExemption.Trim());
        var seller = new BillingParty(legal.Name.Trim(), legal.Address.Trim(), BillingDocuments.Siren(legal.Siret), NullIfBlank(legal.Siret),
            NullIfBlank(legal.VatNumber), NullIfBlank(settings.Contact.Email));
        return new BillingSettings(seller, vat, rules.PaymentDays, rules.LatePenaltyRate.Trim(), rules.BankDetails.Trim(),
            [legal.TrainingDeclaration.Trim()], rules.PublicBodiesAfterSession, rules.InvoicePrefix.Trim(), rules.CreditNotePrefix.Trim());
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
