using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monalisa.Functions.ChorusPro;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddChorusPro(this IServiceCollection services, IConfiguration configuration)
    {
        // PISTE and technical-user identifiers (Key Vault): all required, checked at start; the local host swaps in its stand-in.
        services.AddSettings<ChorusProSettings>(SettingNames.ChorusProSection);
        services.AddSingleton<IValidateOptions<ChorusProSettings>, ChorusProSettingsValidator>();
        // One client per app: it caches the PISTE token for every call.
        services.AddHttpClient(ChorusProClient.HttpClientName);
        services.AddSingleton<ChorusProClient>();
        services.AddSingleton<ChorusDirectory>();
        // The port the enrolment asks before it takes a public body's request.
        services.AddSingleton<IPublicBuyerDirectory>(sp => sp.GetRequiredService<ChorusDirectory>());
        services.AddSingleton<ChorusDeposits>();
        services.AddSingleton<ChorusStatusReader>();
        // The staff alert's email (the composer's Ledger branch for chorus| rows).
        services.AddSingleton<Email.ChorusRejectionEmail>();
        return services;
    }
}
