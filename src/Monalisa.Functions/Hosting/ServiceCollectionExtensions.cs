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
using Monalisa.Functions.SelfFunded;
using Monalisa.Functions.Staff;
using SendGrid;
using Stripe;
using Monalisa.Functions.Storage;
using Monalisa.Functions.Outbox;

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
        // The organisation's facts for the self-funded contract, from the settings.yml compiled into Monalisa.Content.
        services.AddSingleton(ContractPartiesReader.LoadEmbedded());

        // Table and queue clients: a connection string (Azurite) or service URIs with the managed identity (Azure).
        services.AddAzureClients(clients =>
        {
            var storage = configuration.GetSection(SettingNames.Storage);
            clients.AddTableServiceClient(storage).ConfigureOptions(o => StorageRetry(o.Retry));
            clients.AddQueueServiceClient(storage).ConfigureOptions(o =>
            {
                o.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64;
                StorageRetry(o.Retry);
            });
        });
        services.AddSingleton<StorageSetup>();

        // Enrolment: settings, places and states in Table Storage, idempotency keys, emails through the outbox.
        services.AddSingleton(EnrolmentOptions.From(configuration));
        services.AddSingleton<SeatHints>();
        services.AddSingleton<SeatAllocator>();
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
            services.AddSingleton<IInstalmentGateway, StripeInstalmentGateway>();
        }
        else if (!configuration.GetValue<bool>(SettingNames.OfflineStandIns))
        {
            throw new InvalidOperationException(
                $"Configuration incomplète : {SettingNames.StripeSecretKey} et {SettingNames.StripeWebhookSecret} sont obligatoires " +
                "(références Key Vault dans Azure, voir docs/deploy.md).");
        }
        services.AddSingleton<StripeWebhookHandler>();
        // Self-funded trainees: saved card, instalments, withdrawal.
        services.AddSingleton<InstalmentLedger>();
        services.AddSingleton<IInstalmentEvents>(sp => sp.GetRequiredService<InstalmentLedger>());

        // Emails: the outbox's records are claimed, rendered and sent by the queue function, and re-queued by the
        // sweep. SendGrid when a key is configured; without one only the local host may run (it writes .eml files),
        // and in Azure a missing key or sender stops the app here, at start, as for Stripe.
        var email = EmailSettings.From(configuration);
        services.AddSingleton(email);
        if (email.HasApiKey)
        {
            if (email.Missing().ToList() is { Count: > 0 } missing)
                throw new InvalidOperationException($"Configuration incomplète : {string.Join(" et ", missing)} {(missing.Count > 1 ? "sont obligatoires" : "est obligatoire")} avec {SettingNames.SendGridApiKey}.");
            var options = new SendGridClientOptions { ApiKey = email.ApiKey };
            if (!string.IsNullOrEmpty(email.Host)) options.Host = email.Host;
            // The client's own retries stay off: the outbox spaces attempts and counts them (OutboxSender).
            services.AddSingleton<ISendGridClient>(_ => new SendGridClient(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, options));
            services.AddSingleton<IEmailSender, SendGridEmailSender>();
        }
        else if (!configuration.GetValue<bool>(SettingNames.OfflineStandIns))
        {
            throw new InvalidOperationException(
                $"Configuration incomplète : {SettingNames.SendGridApiKey} est obligatoire pour envoyer les e-mails " +
                $"(référence Key Vault dans Azure, voir docs/deploy.md), avec {SettingNames.EmailFromAddress} et {SettingNames.EmailStaffRecipients}.");
        }
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<CalendarSequences>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<IOutboxComposer>(sp => sp.GetRequiredService<EmailComposer>());
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<OutboxSweep>();
        services.AddSingleton<StaffExport>();

        // Function classes, so both hosts resolve them the same way.
        services.AddFunctionClasses();
        return services;
    }

    /// <summary>
    /// A few quick retries, then give up: the SDK's default (3 retries from 0.8 s, 100 s network timeout) keeps a
    /// visitor waiting over a minute when storage is down; with these a dead storage answers 503 within seconds.
    /// </summary>
    private static void StorageRetry(Azure.Core.RetryOptions retry)
    {
        retry.Mode = Azure.Core.RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>Registers every class that has a [Function] method, found by reflection (the local host maps the same ones).</summary>
    private static IServiceCollection AddFunctionClasses(this IServiceCollection services)
    {
        foreach (var type in FunctionCatalog.FunctionTypes())
            services.AddScoped(type);
        return services;
    }
}
