using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monalisa.Functions.Cms;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddCms(this IServiceCollection services)
    {
        // The editor's GitHub sign-in. Optional at start: without its Key Vault secrets the sign-in page says so, and
        // enrolments, which never depend on the editor, keep running; half a client stops the start, named.
        services.AddSettings<CmsOAuthSettings>(SettingNames.CmsSection)
            .Configure<IConfiguration>((settings, configuration) =>
            {
                settings.SiteOrigin = CmsOAuthSettings.Origin(configuration[SettingNames.SiteBaseUrl]) ?? "";
                settings.ApiOrigin = CmsOAuthSettings.Origin(configuration[SettingNames.ApiBaseUrl] is { Length: > 0 } api ? api : configuration[SettingNames.SiteBaseUrl]) ?? "";
            });
        services.AddSingleton<IValidateOptions<CmsOAuthSettings>, CmsOAuthSettingsValidator>();
        // GitHub's token endpoint, one call per sign-in.
        services.AddHttpClient(GitHubTokenExchange.HttpClientName);
        services.AddSingleton<GitHubTokenExchange>();
        return services;
    }
}
