using Microsoft.Extensions.Configuration;

namespace Monalisa.Functions.Tests.Hosting;

/// <summary>A secret that is not shaped like the provider's stops the start, named, and its value is never printed.</summary>
public sealed class SecretShapeTests
{
    private const string UnresolvedReference = "@Microsoft.KeyVault(SecretUri=https://kv-monalisa.vault.azure.net/secrets/stripe-webhook/)";

    private static string StartWith(string setting, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Stripe:SecretKey"] = "sk_test_only",
            ["Stripe:WebhookSecret"] = "whsec_test_only",
            ["SendGrid:ApiKey"] = "SG.test-only",
            ["Email:FromAddress"] = "formations@monalisa.test",
            ["Email:StaffRecipients"] = "equipe@monalisa.test",
        };
        settings[setting] = value;
        return StartupFailure.MessageOf(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    [Fact]
    public void An_unresolved_key_vault_reference_as_webhook_secret_stops_the_start()
    {
        var message = StartWith("Stripe:WebhookSecret", UnresolvedReference);
        Assert.Contains("Stripe:WebhookSecret", message);
        Assert.Contains("Key Vault non résolue", message);
        Assert.DoesNotContain("kv-monalisa", message);
    }

    [Theory]
    [InlineData("Stripe:SecretKey", "pk_live_publishable_not_secret", "sk_ ou rk_")]
    [InlineData("Stripe:WebhookSecret", "not-a-webhook-secret-value", "whsec_")]
    [InlineData("SendGrid:ApiKey", "not-a-sendgrid-key-value", "SG.")]
    public void A_secret_of_the_wrong_shape_stops_the_start_without_printing_it(string setting, string value, string expected)
    {
        var message = StartWith(setting, value);
        Assert.Contains(setting, message);
        Assert.Contains(expected, message);
        Assert.DoesNotContain(value, message);
    }
}
