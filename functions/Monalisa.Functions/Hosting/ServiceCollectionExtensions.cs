using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monalisa.Content;
using Monalisa.Functions.Catalogue;
using Monalisa.Functions.Storage;
using Monalisa.Functions.Tariffs;

namespace Monalisa.Functions.Hosting;

/// <summary>The one composition root. The Functions Program.cs and the local host both call <see cref="AddMonalisa"/>.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddMonalisa(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        // Wall clock; tests swap in a fake one.
        services.AddSingleton(TimeProvider.System);

        // The catalogue, read now from the course files compiled into Monalisa.Content: invalid content stops the start.
        services.AddSingleton(CourseContent.LoadEmbeddedCatalogue());

        // Table and queue clients: a connection string (Azurite) or service URIs with the managed identity (Azure).
        services.AddAzureClients(clients =>
        {
            var storage = configuration.GetSection(SettingNames.Storage);
            clients.AddTableServiceClient(storage);
            clients.AddQueueServiceClient(storage).ConfigureOptions(o => o.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64);
        });
        services.AddSingleton<StorageSetup>();

        // Catalogue and tariffs.
        services.AddSingleton<SeatAvailability>();

        // Function classes, so both hosts resolve them the same way.
        services.AddFunctionClasses();
        return services;
    }

    /// <summary>Registers every class that has a [Function] method, found by reflection (the local host maps the same ones).</summary>
    private static IServiceCollection AddFunctionClasses(this IServiceCollection services)
    {
        foreach (var type in FunctionCatalog.FunctionTypes())
            services.AddScoped(type);
        return services;
    }
}
