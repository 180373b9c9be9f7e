using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monalisa.Content;
using Monalisa.Functions.Email;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.IntraRequests;
using Monalisa.Functions.Payments;
using Stripe;
using Monalisa.Functions.Storage;

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

        // Enrolment: settings, places and states in Table Storage, idempotency keys, emails through the outbox.
        services.AddSingleton(EnrolmentOptions.From(configuration));
        services.AddSingleton<EnrolmentStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<EnrolmentTransitions>();
        services.AddScoped<EnrolmentHandler>();
        services.AddSingleton<IntraRequestStore>();
        services.AddScoped<IntraRequestHandler>();

        // Payments: Stripe Checkout when keys are configured. Without them only the local host may run, with its
        // offline checkout; in Azure a missing key stops the app here, at start, with a clear message.
        var stripe = StripeSettings.From(configuration);
        services.AddSingleton(stripe);
        if (stripe.HasKeys)
        {
            if (string.IsNullOrEmpty(stripe.WebhookSecret))
                throw new InvalidOperationException($"Configuration incomplète : {SettingNames.StripeWebhookSecret} est obligatoire avec {SettingNames.StripeSecretKey}.");
            services.AddSingleton<IStripeClient>(_ => new StripeClient(new StripeClientOptions
            {
                ApiKey = stripe.SecretKey,
                ApiBase = stripe.ApiBase ?? StripeClient.DefaultApiBase,
                HttpClient = new SystemNetHttpClient(new HttpClient { Timeout = stripe.Timeout }, maxNetworkRetries: 2),
            }));
            services.AddSingleton<ICheckoutGateway, StripeCheckoutGateway>();
            services.AddSingleton<IRefundGateway, StripeRefundGateway>();
        }
        else if (!configuration.GetValue<bool>(SettingNames.OfflineStandIns))
        {
            throw new InvalidOperationException(
                $"Configuration incomplète : {SettingNames.StripeSecretKey} et {SettingNames.StripeWebhookSecret} sont obligatoires " +
                "(références Key Vault dans Azure, voir docs/deploy.md).");
        }
        services.AddSingleton<StripeWebhookHandler>();

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
