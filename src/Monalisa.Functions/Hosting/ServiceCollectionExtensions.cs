using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monalisa.Content;
using Monalisa.Functions.Email;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Idempotency;
using Monalisa.Functions.IntraRequests;
using Monalisa.Functions.Payments;
using Monalisa.Functions.SelfFunded;
using Monalisa.Functions.Staff;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;
using SendGrid;
using Stripe;

namespace Monalisa.Functions.Hosting;

/// <summary>
/// The composition root, one short extension per feature. The Functions Program.cs and the local host both call
/// <see cref="AddMonalisa"/>; settings are options validated at start, so a missing key stops the app with a French message.
/// A feature with many services keeps its extension in a file of its own (ServiceCollectionExtensions.{Feature}.cs).
/// </summary>
public static partial class ServiceCollectionExtensions
{
    public static IServiceCollection AddMonalisa(this IServiceCollection services, IConfiguration configuration) => services
        // No access token or function key in a log line: the request URLs' query strings are never logged.
        .AddQuerylessRequestLogs()
        // JSON written once, for both hosts: their answers are byte for byte alike.
        .AddApiJson()
        .AddCatalogue()
        .AddStorage(configuration)
        .AddEnrolment()
        .AddIntraRequests()
        .AddPayments()
        .AddEmail()
        .AddStaff()
        .AddAbuse()
        .AddDocuments()
        .AddInvoicing()
        .AddConventions()
        .AddAttendance()
        .AddCertificates()
        .AddSurveys()
        .AddBpf()
        .AddChorusPro(configuration)
        .AddCms()
        // Last, so that a missing key of the sections above is reported first.
        .AddLegalFacts();

    /// <summary>
    /// ASP.NET Core's « Request starting/finished » lines (both hosts run its pipeline) print the full URL, query
    /// included, where the status, withdrawal and payment links carry their token and staff links their <c>code</c>.
    /// They are kept to warnings; the local host logs method, path and status itself (LocalHostExtensions).
    /// </summary>
    private static IServiceCollection AddQuerylessRequestLogs(this IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, RequestLogCategory, LogLevel.Warning, null)));

    /// <summary>The category of ASP.NET Core's request lines.</summary>
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>No contract with a placeholder: a legal fact still « à compléter » stops the start, named (not on the local host).</summary>
    private static IServiceCollection AddLegalFacts(this IServiceCollection services)
    {
        services.AddOptions<LegalFacts>().Configure(facts => facts.Missing = SiteSettings.LoadEmbedded().MissingLegalFacts()).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LegalFacts>, LegalFactsValidator>();
        return services;
    }

    /// <summary>
    /// Binds <typeparamref name="T"/> to a configuration section, checks it at start, and lets classes take the
    /// settings themselves (not <c>IOptions&lt;T&gt;</c>): they are read once and never change while the app runs.
    /// </summary>
    internal static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        // Wall clock; tests swap in a fake one.
        services.AddSingleton(TimeProvider.System);
        // The catalogue, read now from the course files compiled into Monalisa.Content: invalid content stops the start.
        services.AddSingleton(CourseContent.LoadEmbeddedCatalogue());
        // The organisation's facts for the self-funded contract, from the settings.yml compiled into Monalisa.Content.
        var siteSettings = SiteSettings.LoadEmbedded();
        services.AddSingleton(siteSettings.ContractParties());
        // Invoices, credit notes and conventions print the seller's facts and the invoicing rules of the same file.
        services.AddSingleton(siteSettings);
        // The training contact the site and the contract publish: the ORGANIZER of the convocation's calendar events.
        services.AddSingleton(new Email.TrainingContact(siteSettings.Contact.Name.Trim(), siteSettings.Contact.Email.Trim()));
        return services;
    }

    private static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
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
        // Creates the tables and queues once, before the first request needs them.
        services.AddSingleton<StorageSetup>();
        // Idempotency keys: a retried POST returns the first answer instead of enrolling twice.
        services.AddSingleton<IdempotencyStore>();
        return services;
    }

    private static IServiceCollection AddAbuse(this IServiceCollection services)
    {
        // Form tokens, rate limits in Table Storage and the cap on places per payer: the secret is checked at start.
        services.AddSettings<Abuse.AbuseSettings>(SettingNames.AbuseSection);
        services.AddSingleton<IValidateOptions<Abuse.AbuseSettings>, Abuse.AbuseSettingsValidator>();
        services.AddSingleton<Abuse.RateLimiter>();
        services.AddSingleton<Abuse.FormGate>();
        return services;
    }

    private static IServiceCollection AddEnrolment(this IServiceCollection services)
    {
        // Hold time, retention and the site's origin for links, checked at start.
        services.AddSettings<EnrolmentOptions>(SettingNames.EnrolmentSection)
            .Configure<IConfiguration>((options, configuration) =>
            {
                // Two settings of other sections, kept under their deployed names.
                options.RetentionMonths = configuration.GetValue(SettingNames.RetentionMonths, options.RetentionMonths);
                options.SiteOrigin = configuration[SettingNames.SiteBaseUrl] is { Length: > 0 } site ? site : options.SiteOrigin;
            });
        services.AddSingleton<IValidateOptions<EnrolmentOptions>, EnrolmentOptionsValidator>();
        // Places and states in Table Storage; the seat hints answer the course pages without locking.
        services.AddSingleton<SeatHints>();
        // The places left the course pages show, kept a few seconds in this process (the busiest read of the API).
        services.AddSingleton<LiveSeats>();
        services.AddSingleton<SeatAllocator>();
        // One person, one place: locks keyed with a secret, checked at start; a duplicate is told at the addresses on file.
        services.AddSettings<TraineeLockOptions>(SettingNames.EnrolmentSection);
        services.AddSingleton<IValidateOptions<TraineeLockOptions>, TraineeLockOptionsValidator>();
        services.AddSingleton<TraineeLocks>();
        // The self-funded links' token, derived from a stored seed: no usable token sits in the table.
        services.AddSingleton<ActionTokens>();
        // Trainees' personal links (attendance signing, questionnaires): one token per purpose, session and trainee.
        services.AddSingleton<TraineeLinks>();
        // The enrolment an emailed link opens (withdrawal, instalment, waiting-list offer), rate-limited, one 404 for all.
        services.AddSingleton<EmailedLinks>();
        services.AddSingleton<DuplicateRequests>();
        services.AddSingleton<EnrolmentStore>();
        services.AddSingleton<EnrolmentTransitions>();
        // Scoped: one submission at a time per request.
        services.AddScoped<EnrolmentHandler>();
        // The enrolment API's outcome → HTTP mapping.
        services.AddSingleton<EnrolmentResults>();
        // Self-funded trainees: saved card, instalments, withdrawal.
        services.AddSingleton<InstalmentLedger>();
        // The webhook (Payments) reports instalments through this interface, so Payments never depends on SelfFunded.
        services.AddSingleton<IInstalmentEvents>(sp => sp.GetRequiredService<InstalmentLedger>());
        // Waiting list: the store hands places kept back for the line to this offer step (Enrolment never depends on WaitingList).
        services.AddSingleton<IWaitingListOffers, WaitingList.WaitingListOffers>();
        // Staff move trainees between sessions: target first, then the source (places to its waiting list first).
        services.AddSingleton<WaitingList.TraineeMoves>();
        return services;
    }

    private static IServiceCollection AddIntraRequests(this IServiceCollection services)
    {
        // Quote requests for a group: stored with their token, answered by email.
        services.AddSingleton<IntraRequestStore>();
        services.AddScoped<IntraRequestHandler>();
        // The intra API's outcome → HTTP mapping.
        services.AddSingleton<IntraRequestResults>();
        return services;
    }

    private static IServiceCollection AddPayments(this IServiceCollection services)
    {
        // Both keys are required in Azure; the validator names the one missing at start.
        services.AddSettings<StripeSettings>(SettingNames.StripeSection);
        services.AddSingleton<IValidateOptions<StripeSettings>, StripeKeysValidator>();
        // sk_/rk_ and whsec_: an unresolved Key Vault reference stops the start instead of becoming a key.
        services.AddSingleton<IValidateOptions<StripeSettings>, SecretShapes>();
        // One client, created on first use, with two network retries of its own (Stripe calls are idempotent).
        services.AddSingleton<IStripeClient>(sp =>
        {
            var stripe = sp.GetRequiredService<StripeSettings>();
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = stripe.SecretKey,
                ApiBase = stripe.ApiBase ?? StripeClient.DefaultApiBase,
                HttpClient = new SystemNetHttpClient(new HttpClient { Timeout = stripe.Timeout }, maxNetworkRetries: 2),
            });
        });
        // Stripe Checkout for card payments, refunds, and saved-card instalments.
        services.AddSingleton<ICheckoutGateway, StripeCheckoutGateway>();
        services.AddSingleton<IRefundGateway, StripeRefundGateway>();
        // Payments nobody owes (an instalment paid twice, a cancelled enrolment paid), refunded once each.
        services.AddSingleton<RefundQueue>();
        services.AddSingleton<IInstalmentGateway, StripeInstalmentGateway>();
        // Verifies and applies Stripe's webhook events.
        services.AddSingleton<StripeWebhookHandler>();
        // Says at start, before money flows, if Stripe's webhook endpoint is missing, disabled, or on another API version.
        services.AddHostedService<StripeWebhookEndpointCheck>();
        return services;
    }

    private static IServiceCollection AddEmail(this IServiceCollection services)
    {
        // Sender and staff recipients, and the SendGrid key: each one missing is named at start.
        services.AddSettings<SendGridSettings>(SettingNames.SendGridSection);
        services.AddSingleton<IValidateOptions<SendGridSettings>, SendGridKeyValidator>();
        services.AddSingleton<IValidateOptions<SendGridSettings>, SecretShapes>();
        services.AddSettings<EmailSettings>(SettingNames.EmailSection);
        services.AddSingleton<IValidateOptions<EmailSettings>, EmailSettingsValidator>();
        // The client's own retries stay off: the outbox spaces attempts and counts them (OutboxSender).
        services.AddSingleton<ISendGridClient>(sp =>
        {
            var sendGrid = sp.GetRequiredService<SendGridSettings>();
            var options = new SendGridClientOptions { ApiKey = sendGrid.ApiKey };
            if (!string.IsNullOrEmpty(sendGrid.Host)) options.Host = sendGrid.Host;
            return new SendGridClient(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, options);
        });
        services.AddSingleton<IEmailSender, SendGridEmailSender>();
        // Emails go through the outbox: records are claimed, rendered and sent by the queue function, re-queued by the sweep.
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<CalendarSequences>();
        services.AddSingleton<EmailComposer>();
        // The outbox asks Email to compose its records: the outbox itself knows no feature.
        services.AddSingleton<IOutboxComposer>(sp => sp.GetRequiredService<EmailComposer>());
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<OutboxSweep>();
        return services;
    }

    private static IServiceCollection AddStaff(this IServiceCollection services)
    {
        // The staff's CSV export of a session's enrolments.
        services.AddSingleton<StaffExport>();
        // Who is asking on a staff route: the platform's principal only (Identity/StaffAccess).
        services.AddSingleton<Identity.StaffAccess>();
        // The personal-data page: search, export, erasure, and their audit log.
        services.AddSingleton<Privacy.PrivacyStore>();
        services.AddSingleton<Privacy.StaffAudit>();
        // Links from staff emails to the console's pages.
        services.AddSingleton<Identity.ConsoleLinks>();
        // The console's pages: what they load (the figures themselves are Domain/Staff's), and staff notes.
        services.AddSingleton<Staff.Console.ConsoleReadModel>();
        services.AddSingleton<Staff.Console.EnrolmentNotes>();
        // Staff money actions: « rembourser maintenant » a paid-no-seat case (the refund timer's logic, once).
        services.AddSingleton<Payments.PaidNoSeatRefunds>();
        // A session staff cancelled takes no new enrolment (read by the enrolment handler).
        services.AddSingleton<Enrolment.SessionCancellations>();
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
}
