using System.Text.Json.Nodes;
using Monalisa.Functions.Storage;

namespace Monalisa.Infra.Tests;

/// <summary>What the compiled ARM JSON of infra/main.bicep must say: no keys, identity everywhere, the right roles.</summary>
public sealed class ArmTemplateTests
{
    // Built-in role definition ids (identical in every tenant).
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    [Fact]
    public async Task The_template_holds_no_connection_string_or_account_key()
    {
        var template = await CompiledTemplate.LoadAsync();

        foreach (var forbidden in new[] { "listKeys", "AccountKey=", "DefaultEndpointsProtocol", "SharedAccessSignature", "listConnectionStrings", "InstrumentationKey=" })
            Assert.DoesNotContain(forbidden, template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(template.AppSettings(), s => s.Key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) && s.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING");
    }

    [Fact]
    public async Task Storage_refuses_shared_keys_public_blobs_plain_http_and_old_tls()
    {
        var storage = (await CompiledTemplate.LoadAsync()).Single("Microsoft.Storage/storageAccounts").Properties;

        Assert.False(storage["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(storage["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.True(storage["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", storage["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Storage_creates_exactly_the_tables_and_queues_the_app_uses()
    {
        var template = await CompiledTemplate.LoadAsync();

        Assert.Equal(TableNames.All, LoopValues(template.Single("Microsoft.Storage/storageAccounts/tableServices/tables")));
        Assert.Equal([.. QueueNames.All, .. QueueNames.All.Select(q => $"{q}-poison")], LoopValues(template.Single("Microsoft.Storage/storageAccounts/queueServices/queues")));
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Fact]
    public async Task The_function_app_runs_dotnet_isolated_10_on_flex_consumption_with_its_identity()
    {
        var template = await CompiledTemplate.LoadAsync();
        var plan = template.Single("Microsoft.Web/serverfarms").Node;
        var app = template.Single("Microsoft.Web/sites");
        var config = app.Properties["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("[parameters('maximumInstanceCount')]", config["scaleAndConcurrency"]!["maximumInstanceCount"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssigned", app.Node["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", app.Properties["keyVaultReferenceIdentity"]!.GetValue<string>());
        // Flex takes the runtime from functionAppConfig and rejects these settings.
        Assert.DoesNotContain(template.AppSettings(), s => s.Key is "FUNCTIONS_WORKER_RUNTIME" or "FUNCTIONS_EXTENSION_VERSION" or "WEBSITE_RUN_FROM_PACKAGE");
    }

    [Fact]
    public async Task The_first_request_is_helped_by_the_dotnet_placeholder_and_always_ready_instances_only_when_asked()
    {
        var template = await CompiledTemplate.LoadAsync();
        var scale = template.Single("Microsoft.Web/sites").Properties["functionAppConfig"]!["scaleAndConcurrency"]!;

        // Always ready instances are billed all the time: none unless the parameter asks, and then for the HTTP group.
        var alwaysReady = scale["alwaysReady"]!.GetValue<string>();
        Assert.Contains("greater(parameters('alwaysReadyHttpInstances'), 0)", alwaysReady);
        Assert.Contains("'name', 'http'", alwaysReady);
        Assert.Equal("0", template.Root["parameters"]!["alwaysReadyHttpInstances"]!["defaultValue"]!.ToJsonString());
        Assert.Equal("[if(parameters('dotnetIsolatedPlaceholder'), '1', '0')]", template.AppSettings()["WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED"]!.GetValue<string>());
    }

    [Fact]
    public async Task Storage_is_reached_with_the_managed_identity_by_the_host_and_by_the_app()
    {
        var settings = (await CompiledTemplate.LoadAsync()).AppSettings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]!.GetValue<string>());
        Assert.Equal("managedidentity", settings["Storage__credential"]!.GetValue<string>());
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]!.GetValue<string>());
        Assert.Equal("[parameters('identityClientId')]", settings["Storage__clientId"]!.GetValue<string>());
        foreach (var service in new[] { "blob", "queue", "table" })
            Assert.Equal($"[parameters('{service}Endpoint')]", settings[$"AzureWebJobsStorage__{service}ServiceUri"]!.GetValue<string>());
        Assert.Null(settings["AzureWebJobsStorage"]);
    }

    [Fact]
    public async Task The_api_is_https_only_and_cors_admits_only_the_site()
    {
        var template = await CompiledTemplate.LoadAsync();
        var app = template.Single("Microsoft.Web/sites").Properties;
        var siteConfig = app["siteConfig"]!;

        Assert.True(app["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", siteConfig["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("Disabled", siteConfig["ftpsState"]!.GetValue<string>());
        var origin = Assert.Single(siteConfig["cors"]!["allowedOrigins"]!.AsArray())!.GetValue<string>();
        Assert.Equal("[parameters('siteUrl')]", origin);
        Assert.Equal("[parameters('siteUrl')]", template.AppSettings()["Site__BaseUrl"]!.GetValue<string>());
        Assert.Contains("'staticwebapp'), '2025-04-01').outputs.url.value", template.ModuleParameter("functionapp", "siteUrl"), StringComparison.Ordinal);
        Assert.All(template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"), p => Assert.False(p.Properties["allow"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_app_identity_holds_exactly_the_data_roles_it_needs_on_their_resources()
    {
        var template = await CompiledTemplate.LoadAsync();
        var forApp = template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => r.Properties["principalId"]!.GetValue<string>() == "[parameters('appPrincipalId')]")
            .Select(r => (Role: RoleOf(r), Scope: r.Scope!))
            .OrderBy(r => r.Role)
            .ToList();

        (string, string)[] expected =
        [
            (StorageTableDataContributor, "Microsoft.Storage/storageAccounts"),
            (StorageQueueDataContributor, "Microsoft.Storage/storageAccounts"),
            (StorageBlobDataOwner, "Microsoft.Storage/storageAccounts"),
            (KeyVaultSecretsUser, "Microsoft.KeyVault/vaults"),
            (MonitoringMetricsPublisher, "Microsoft.Insights/components"),
        ];
        Assert.Equal(expected.Select(e => e.Item1).Order(), forApp.Select(r => r.Role));
        foreach (var (role, scopeType) in expected)
            Assert.Contains($"resourceId('{scopeType}'", forApp.Single(r => r.Role == role).Scope, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_may_be_granted_secrets_officer_only_when_named()
    {
        var template = await CompiledTemplate.LoadAsync();
        var officer = Assert.Single(template.OfType("Microsoft.Authorization/roleAssignments"), r => RoleOf(r) == KeyVaultSecretsOfficer);

        Assert.Equal("[parameters('staffPrincipalId')]", officer.Properties["principalId"]!.GetValue<string>());
        Assert.Equal("[not(empty(parameters('staffPrincipalId')))]", officer.Condition);
    }

    [Fact]
    public async Task Each_role_assignment_is_named_from_its_scope_principal_and_role()
    {
        foreach (var assignment in (await CompiledTemplate.LoadAsync()).OfType("Microsoft.Authorization/roleAssignments"))
        {
            var role = assignment.Properties["roleDefinitionId"]!.GetValue<string>();
            var roleArgument = role[(role.IndexOf(", ", StringComparison.Ordinal) + 2)..^2];
            var expected = $"[guid({assignment.Scope![1..^1]}, {assignment.Properties["principalId"]!.GetValue<string>()[1..^1]}, {roleArgument})]";
            Assert.Equal(expected, assignment.Name);
        }
    }

    [Fact]
    public async Task The_three_secrets_are_key_vault_references_and_the_vault_holds_no_value()
    {
        var template = await CompiledTemplate.LoadAsync();
        var settings = template.AppSettings();
        var app = template.Single("Microsoft.Web/sites");

        foreach (var (setting, secret) in new[] { ("Stripe__SecretKey", "stripe-secret-key"), ("Stripe__WebhookSecret", "stripe-webhook-secret"), ("SendGrid__ApiKey", "sendgrid-api-key") })
        {
            var value = app.Resolve(settings[setting]!.GetValue<string>());
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', parameters('keyVaultUri'), ", value, StringComparison.Ordinal);
            Assert.EndsWith($"{secret})]", value, StringComparison.Ordinal);
        }
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'keyvault'), '2025-04-01').outputs.uri.value]", template.ModuleParameter("functionapp", "keyVaultUri"));

        var vault = template.Single("Microsoft.KeyVault/vaults").Properties;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Empty(template.OfType("Microsoft.KeyVault/vaults/secrets"));
        Assert.DoesNotContain(template.Root["parameters"]!.AsObject(), p => p.Value!["type"]!.GetValue<string>().StartsWith("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_editors_GitHub_client_id_and_secret_are_key_vault_references()
    {
        var template = await CompiledTemplate.LoadAsync();
        var settings = template.AppSettings();
        var app = template.Single("Microsoft.Web/sites");

        foreach (var (setting, secret) in new[] { ("Cms__GitHubClientId", "cms-github-client-id"), ("Cms__GitHubClientSecret", "cms-github-client-secret") })
        {
            var value = app.Resolve(settings[setting]!.GetValue<string>());
            Assert.Equal($"[format('@Microsoft.KeyVault(SecretUri={{0}}secrets/{{1}})', parameters('keyVaultUri'), {secret})]", value);
        }
        // Their value is set by staff in the vault, never by the template.
        Assert.Empty(template.OfType("Microsoft.KeyVault/vaults/secrets"));
    }

    [Fact]
    public async Task Monitoring_accepts_only_entra_id_telemetry_from_the_app_identity()
    {
        var template = await CompiledTemplate.LoadAsync();

        Assert.True(template.Single("Microsoft.Insights/components").Properties["DisableLocalAuth"]!.GetValue<bool>());
        Assert.True(template.Single("Microsoft.OperationalInsights/workspaces").Properties["features"]!["disableLocalAuth"]!.GetValue<bool>());
        var settings = template.AppSettings();
        Assert.NotNull(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_site_is_a_free_static_web_app()
    {
        var site = (await CompiledTemplate.LoadAsync()).Single("Microsoft.Web/staticSites").Node;

        Assert.Equal("Free", site["sku"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_outputs_give_the_site_the_api_and_the_stripe_webhook_urls()
    {
        var outputs = (await CompiledTemplate.LoadAsync()).Root["outputs"]!.AsObject();

        const string api = "reference(resourceId('Microsoft.Resources/deployments', 'functionapp'), '2025-04-01').outputs.url.value";

        Assert.Equal("[if(empty(parameters('siteCustomDomain')), reference(resourceId('Microsoft.Resources/deployments', 'staticwebapp'), '2025-04-01').outputs.url.value, format('https://{0}', parameters('siteCustomDomain')))]",
            outputs["siteUrl"]!["value"]!.GetValue<string>());
        Assert.Equal($"[format('{{0}}/api', {api})]", outputs["apiUrl"]!["value"]!.GetValue<string>());
        Assert.Equal($"[format('{{0}}/api/stripe/webhook', {api})]", outputs["stripeWebhookUrl"]!["value"]!.GetValue<string>());
    }

    /// <summary>The role definition GUID of an assignment, its variable resolved.</summary>
    private static string RoleOf(ArmResource assignment)
    {
        var resolved = assignment.Resolve(assignment.Properties["roleDefinitionId"]!.GetValue<string>());
        return resolved[(resolved.LastIndexOf(", ", StringComparison.Ordinal) + 2)..^2].Trim('\'');
    }

    /// <summary>The names a copy loop creates: the variable its name iterates over.</summary>
    private static string[] LoopValues(ArmResource resource)
    {
        var variable = resource.Name[(resource.Name.IndexOf("variables('", StringComparison.Ordinal) + 11)..];
        variable = variable[..variable.IndexOf('\'', StringComparison.Ordinal)];
        Assert.Equal($"[length(variables('{variable}'))]", resource.Node["copy"]!["count"]!.GetValue<string>());
        return [.. resource.Template["variables"]![variable]!.AsArray().Select(v => v!.GetValue<string>())];
    }
}
