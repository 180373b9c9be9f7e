using Monalisa.Content;

namespace Monalisa.Functions.Tests.Hosting;

/// <summary>
/// An invoice states a VAT rate or an exemption's legal reference, never neither (CGI 242 nonies A), and the published
/// prices say the same regime as the invoices: settings.yml is refused otherwise, naming the key.
/// </summary>
public sealed class InvoicingSettingsTests
{
    private static readonly string Repository = File.ReadAllText(Path.Combine(Monalisa.LocalHost.RepositoryPaths.Root, "site", "settings.yml"));

    private static IReadOnlyList<ContentError> ErrorsOf(string yaml) =>
        Assert.Throws<ContentException>(() => SiteSettings.Parse(yaml, "settings.yml")).Errors;

    [Fact]
    public void The_repository_settings_invoice_under_the_training_exemption_with_two_distinct_series()
    {
        var invoicing = SiteSettings.Parse(Repository, "settings.yml").Invoicing;

        Assert.Equal("Exonération de TVA, article 261-4-4° a du CGI", invoicing.VatExemption);
        Assert.Null(invoicing.Rate);
        Assert.NotEqual(invoicing.InvoicePrefix, invoicing.CreditNotePrefix);
        Assert.InRange(invoicing.PaymentDays, 1, 60);
    }

    [Fact]
    public void Settings_with_neither_a_vat_rate_nor_an_exemption_name_both_keys_as_missing()
    {
        var yaml = Repository.Replace("VatExemption: Exonération de TVA, article 261-4-4° a du CGI", "VatExemption: \"\"");

        Assert.Contains("Invoicing.VatRate ou Invoicing.VatExemption", SiteSettings.Parse(yaml, "settings.yml").MissingLegalFacts());
    }

    [Fact]
    public void Settings_with_both_a_vat_rate_and_an_exemption_are_refused()
    {
        var yaml = Repository.Replace("VatRate: \"\"", "VatRate: \"20\"");

        Assert.Contains(ErrorsOf(yaml), e => e.Field == "Invoicing.VatRate");
    }

    [Fact]
    public void A_vat_rate_requires_the_published_prices_to_say_TTC()
    {
        var yaml = Repository.Replace("VatRate: \"\"", "VatRate: \"20\"")
            .Replace("VatExemption: Exonération de TVA, article 261-4-4° a du CGI", "VatExemption: \"\"");

        Assert.Contains(ErrorsOf(yaml), e => e.Field == "Legal.Vat");
        var consistent = yaml.Replace("  Vat: Exonération de TVA, article 261-4-4° a du CGI", "  Vat: TTC");
        Assert.Equal(20m, SiteSettings.Parse(consistent, "settings.yml").Invoicing.Rate);
    }

    [Fact]
    public void An_exemption_that_differs_from_the_wording_next_to_the_prices_is_refused()
    {
        var yaml = Repository.Replace("VatExemption: Exonération de TVA, article 261-4-4° a du CGI", "VatExemption: TVA non applicable, art. 293 B du CGI");

        Assert.Contains(ErrorsOf(yaml), e => e.Field == "Legal.Vat");
    }

    [Theory]
    [InlineData("PaymentDays: 30", "PaymentDays: 90", "Invoicing.PaymentDays")]
    [InlineData("InvoicePrefix: F", "InvoicePrefix: f-1", "Invoicing.InvoicePrefix")]
    [InlineData("CreditNotePrefix: A", "CreditNotePrefix: F", "Invoicing.CreditNotePrefix")]
    public void Unusable_invoicing_settings_are_refused_naming_the_key(string from, string to, string key)
    {
        Assert.Contains(ErrorsOf(Repository.Replace(from, to)), e => e.Field == key);
    }

    [Fact]
    public void Bank_details_still_to_complete_stop_the_start_like_any_legal_fact()
    {
        Assert.Contains("Invoicing.BankDetails", SiteSettings.Parse(Repository, "settings.yml").MissingLegalFacts());
    }
}
