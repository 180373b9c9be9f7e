using System.Text.Json.Nodes;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Identity;

namespace Monalisa.Infra.Tests;

/// <summary>
/// Staff sign in through App Service Authentication (Easy Auth) with Entra ID, configured on the Function App by the
/// template: the platform validates the sign-in and sets the principal; the public API stays open; the app refuses
/// staff routes itself. Read from the ARM JSON the real Bicep compiler writes.
/// </summary>
public sealed class EasyAuthTemplateTests
{
    private static async Task<JsonObject> AuthSettingsAsync() =>
        Assert.Single((await CompiledTemplate.LoadAsync()).OfType("Microsoft.Web/sites/config"),
            r => r.Name.Contains("'authsettingsV2'", StringComparison.Ordinal)).Properties;

    [Fact]
    public async Task Easy_auth_runs_on_the_function_app_over_https_and_lets_anonymous_requests_reach_the_public_api()
    {
        var auth = await AuthSettingsAsync();

        Assert.True(auth["platform"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("AllowAnonymous", auth["globalValidation"]!["unauthenticatedClientAction"]!.GetValue<string>());
        Assert.False(auth["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.True(auth["httpSettings"]!["requireHttps"]!.GetValue<bool>());
        Assert.False(auth["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Entra_id_is_the_provider_with_the_staff_app_registration_and_the_tenants_v2_issuer()
    {
        var aad = (await AuthSettingsAsync())["identityProviders"]!["azureActiveDirectory"]!;

        Assert.True(aad["enabled"]!.GetValue<bool>());
        Assert.Equal("[parameters('staffAppClientId')]", aad["registration"]!["clientId"]!.GetValue<string>());
        Assert.Equal("[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, parameters('staffTenantId'))]",
            aad["registration"]!["openIdIssuer"]!.GetValue<string>());
        Assert.Equal(["[parameters('staffAppClientId')]", "[format('api://{0}', parameters('staffAppClientId'))]"],
            aad["validation"]!["allowedAudiences"]!.AsArray().Select(a => a!.GetValue<string>()));
        // Only one provider: a staff member is an Entra ID account of the association, nothing else.
        Assert.Single((await AuthSettingsAsync())["identityProviders"]!.AsObject());
    }

    [Fact]
    public async Task Main_passes_the_tenant_which_defaults_to_the_deployments_own_and_the_client_id_to_the_function_app()
    {
        var template = await CompiledTemplate.LoadAsync();

        Assert.Equal("[parameters('staffTenantId')]", template.ModuleParameter("functionapp", "staffTenantId"));
        Assert.Equal("[parameters('staffAppClientId')]", template.ModuleParameter("functionapp", "staffAppClientId"));
        Assert.Equal("[tenant().tenantId]", template.Root["parameters"]!["staffTenantId"]!["defaultValue"]!.GetValue<string>());
        Assert.Null(template.Root["parameters"]!["staffAppClientId"]!["defaultValue"]);
    }

    [Fact]
    public async Task The_template_never_claims_platform_authentication_itself_and_pins_the_app_to_the_tenant()
    {
        var settings = (await CompiledTemplate.LoadAsync()).AppSettings();

        // Set by App Service only when Easy Auth runs: written here, it would make the app trust a header nobody checked.
        Assert.DoesNotContain(settings, s => string.Equals(s.Key, StaffAccess.PlatformAuthSetting, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("[parameters('staffTenantId')]", settings[SettingNames.StaffTenantId.Replace(":", "__", StringComparison.Ordinal)]!.GetValue<string>());
        Assert.Equal("[format('https://{0}', reference(resourceId('Microsoft.Web/sites', parameters('name')), '2024-04-01').defaultHostName)]",
            settings[SettingNames.ApiBaseUrl.Replace(":", "__", StringComparison.Ordinal)]!.GetValue<string>());
    }

    [Theory]
    [InlineData("main.prod.bicepparam")]
    [InlineData("main.staging.bicepparam")]
    public async Task Each_environment_reads_the_staff_app_client_id_from_the_deployers_environment(string file)
    {
        var build = await BicepRuns.For("build-params", file);
        var parameters = JsonNode.Parse(build.OutputOf(file) ?? throw new InvalidOperationException(build.Describe(file)))!["parameters"]!;

        Assert.Equal(Bicep.ExampleStaffAppClientId, parameters["staffAppClientId"]!["value"]!.GetValue<string>());
        Assert.Contains($"readEnvironmentVariable('{Bicep.StaffAppClientIdVariable}')", File.ReadAllText(Path.Combine(Bicep.InfraFolder, file)), StringComparison.Ordinal);
    }
}

/// <summary>The app roles of the staff app registration (created out of band from infra/entra/app-roles.json) are the ones the code checks.</summary>
public sealed class AppRolesManifestTests
{
    [Fact]
    public void The_app_roles_file_declares_exactly_the_roles_the_code_checks_with_fixed_ids_for_users()
    {
        var roles = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.InfraFolder, "entra", "app-roles.json")))!.AsArray();

        Assert.Equal([StaffRoles.Staff, StaffRoles.Trainer], roles.Select(r => r!["value"]!.GetValue<string>()));
        Assert.All(roles, r =>
        {
            Assert.True(Guid.TryParse(r!["id"]!.GetValue<string>(), out _));
            Assert.Equal(["User"], r["allowedMemberTypes"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.True(r["isEnabled"]!.GetValue<bool>());
        });
    }
}
