using System.Reflection;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Monalisa.Functions.Hosting;

namespace Monalisa.Infra.Tests;

/// <summary>The code and the template agree on configuration: every key the app needs in Azure is set, and works.</summary>
public sealed partial class SettingsCoverageTests
{
    /// <summary>The keys of <see cref="SettingNames"/> marked [AppSetting], as app setting names (":" becomes "__").</summary>
    public static IEnumerable<string> RequiredAppSettings() =>
        typeof(SettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.GetCustomAttribute<AppSettingAttribute>() is not null)
            .Select(f => ((string)f.GetRawConstantValue()!).Replace(":", "__", StringComparison.Ordinal));

    [Fact]
    public async Task Every_setting_the_code_requires_in_azure_is_set_by_the_template()
    {
        var required = RequiredAppSettings().ToList();
        var set = (await CompiledTemplate.LoadAsync()).AppSettings().Select(s => s.Key).ToHashSet(StringComparer.Ordinal);

        var missing = required.Where(k => !set.Contains(k)).ToList();

        Assert.NotEmpty(required);
        Assert.True(missing.Count == 0, $"Set by no app setting in infra/app/functionapp.bicep: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_storage_settings_the_template_sets_build_the_apps_table_and_queue_clients()
    {
        // The app's own DI (AddMonalisa) over the template's Storage__* settings, with the values Azure would resolve.
        var template = await CompiledTemplate.LoadAsync();
        var resolved = new Dictionary<string, string>
        {
            ["tableEndpoint"] = "https://stmonalisa.table.core.windows.net/",
            ["queueEndpoint"] = "https://stmonalisa.queue.core.windows.net/",
            ["identityClientId"] = "00000000-0000-0000-0000-0000000000c1",
        };
        var storageSettings = template.AppSettings()
            .Where(s => s.Key.StartsWith(SettingNames.Storage + "__", StringComparison.Ordinal))
            .ToDictionary(
                s => s.Key.Replace("__", ":", StringComparison.Ordinal),
                s => (string?)ParameterReference().Replace(s.Value!.GetValue<string>(), m => resolved[m.Groups["name"].Value]));
        // The Key Vault references resolve to the secrets' values; any value will do to build the clients.
        storageSettings["Stripe:SecretKey"] = "sk_test_resolved_from_key_vault";
        storageSettings["Stripe:WebhookSecret"] = "whsec_resolved_from_key_vault";
        storageSettings["SendGrid:ApiKey"] = "resolved-from-key-vault";
        storageSettings["Email:FromAddress"] = "formations@monalisa.test";
        storageSettings["Email:StaffRecipients"] = "equipe@monalisa.test";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(storageSettings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddMonalisa(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(new Uri(resolved["tableEndpoint"]), provider.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri(resolved["queueEndpoint"]), provider.GetRequiredService<QueueServiceClient>().Uri);
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>\w+)'\)\]$")]
    private static partial Regex ParameterReference();
}
