using Microsoft.Extensions.Configuration;
using Monalisa.Content;

namespace Monalisa.Functions.Tests.Hosting;

/// <summary>No contract is sent with « SIRET (à compléter) »: outside the local host the app refuses to start, naming the key.</summary>
public sealed class LegalFactsTests
{
    [Fact]
    public void A_legal_fact_still_to_complete_in_settings_stops_the_start_outside_the_local_host_naming_the_key()
    {
        var missing = SiteSettings.LoadEmbedded().MissingLegalFacts();
        // The repository's settings.yml still carries the association's placeholders (SIRET, address, declaration number).
        Assert.Contains("Legal.Siret", missing);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Stripe:SecretKey"] = "sk_test_only",
            ["Stripe:WebhookSecret"] = "whsec_test_only",
            ["SendGrid:ApiKey"] = "SG.test-only",
            ["Email:FromAddress"] = "formations@monalisa.test",
            ["Email:StaffRecipients"] = "equipe@monalisa.test",
        }).Build();
        var message = StartupFailure.MessageOf(configuration);

        Assert.Contains("Legal.Siret", message);
        Assert.Contains("Legal.Address", message);
    }

    [Fact]
    public void Settings_with_every_legal_fact_and_placeholder_filled_in_have_none_missing()
    {
        var yaml = File.ReadAllText(Path.Combine(Monalisa.LocalHost.RepositoryPaths.Root, "site", "settings.yml"))
            .Replace("Adresse du siège (à compléter)", "12 rue de l'Exemple, 75011 Paris")
            .Replace("Siret: (à compléter)", "Siret: 123 456 789 00012")
            .Replace("numéro (à compléter)", "numéro 11 75 00000 75")
            .Replace("(nom à compléter)", "Camille Exemple")
            .Replace("(à compléter)", "Camille Exemple");
        Assert.Empty(SiteSettings.Parse(yaml, "settings.yml").MissingLegalFacts());
    }

    [Fact]
    public void A_placeholder_in_a_setting_that_is_not_a_legal_fact_is_named_too()
    {
        var yaml = File.ReadAllText(Path.Combine(Monalisa.LocalHost.RepositoryPaths.Root, "site", "settings.yml"));
        var missing = SiteSettings.Parse(yaml, "settings.yml").MissingLegalFacts();
        // Phones and the disability contact's name are printed on every course page and in emails.
        Assert.Contains("Contact.Phone", missing);
        Assert.Contains("Accessibility.Name", missing);
        Assert.Contains("Accessibility.Phone", missing);
    }
}
