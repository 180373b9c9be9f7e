using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Monalisa.Functions.Email;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Payments;
using Monalisa.Content.Text;
using Monalisa.Functions.SelfFunded;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.ChorusPro;

namespace Monalisa.LocalHost;

internal static class LocalHostExtensions
{
    public static IServiceCollection AddLocalHost(this IServiceCollection services)
    {
        // The worker activates function classes itself; here they come from the container, as FunctionEndpoints asks.
        services.AddFunctionClasses();
        // Starts Azurite before anything touches storage, unless one already listens (or tests bring their own).
        services.AddHostedService<LocalAzurite>();
        services.AddOfflineStandIns();
        // The offline checkout posts its signed events to the webhook function over HTTP.
        services.AddHttpClient();
        services.AddHostedService<LocalTimers>();
        services.AddHostedService<LocalQueues>();
        // The clock /_dev/clock moves, over the app's own.
        services.AddLocalClock();
        // Encrypts the dev sign-in's cookie.
        services.AddDataProtection();
        // The editor's local backend (/admin/ on localhost), started on its first use and stopped with the host.
        services.AddSingleton<LocalDecapServer>();
        // Last hosted service: the URLs, once everything above has started.
        services.AddHostedService<LocalBanner>();
        // Static Web Apps compresses what it serves (Brotli, else gzip): so does the local host, so that Lighthouse
        // and the bench measure the bytes production sends.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            options.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes
                .Concat(["image/svg+xml", "application/problem+json", "application/manifest+json"]);
        });
        return services;
    }

    /// <summary>
    /// Registered over the Functions app's own services, which know nothing of them: without a key, its stand-in serves.
    /// The choice is made when a service is first resolved, so that settings a test adds to the host still count.
    /// </summary>
    private static IServiceCollection AddOfflineStandIns(this IServiceCollection services)
    {
        // Without a Stripe key: the offline checkout page and refunds that need no money.
        services.AddSingleton<ICheckoutGateway>(sp => HasStripeKey(sp)
            ? ActivatorUtilities.CreateInstance<StripeCheckoutGateway>(sp) : ActivatorUtilities.CreateInstance<OfflineCheckoutGateway>(sp));
        services.AddSingleton<IRefundGateway>(sp => HasStripeKey(sp)
            ? ActivatorUtilities.CreateInstance<StripeRefundGateway>(sp) : new OfflineRefundGateway());
        services.AddSingleton<IInstalmentGateway>(sp => HasStripeKey(sp)
            ? ActivatorUtilities.CreateInstance<StripeInstalmentGateway>(sp) : ActivatorUtilities.CreateInstance<OfflineInstalmentGateway>(sp));
        // The Functions app's key check, unless the offline checkout stands in: then only its signing secret is needed.
        services.RemoveAll<IValidateOptions<StripeSettings>>();
        services.AddSingleton<IValidateOptions<StripeSettings>, LocalStripeValidator>();

        // Without a SendGrid key: emails written as .eml files, readable at /_dev/mail.
        services.AddSingleton<IEmailSender>(sp => HasKey(sp, SettingNames.SendGridApiKey)
            ? ActivatorUtilities.CreateInstance<SendGridEmailSender>(sp) : ActivatorUtilities.CreateInstance<FileEmailSender>(sp));
        services.RemoveAll<IValidateOptions<SendGridSettings>>();
        // Without a PISTE client id: the app's Chorus Pro client talks to the offline stand-in, in process.
        services.AddSingleton(ChorusProStandIn.WithExamples());
        services.AddHttpClient(ChorusProClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => HasKey(sp, SettingNames.ChorusProClientId)
            ? new HttpClientHandler() : new OfflineChorusProHandler(sp.GetRequiredService<ChorusProStandIn>()));
        services.RemoveAll<IValidateOptions<ChorusProSettings>>();
        services.AddSingleton<IValidateOptions<ChorusProSettings>, LocalChorusProValidator>();
        // The local host keeps settings.yml's legal facts marked « à compléter »: a preview, never published.
        services.RemoveAll<IValidateOptions<LegalFacts>>();
        return services;
    }

    private static bool HasStripeKey(IServiceProvider services) => HasKey(services, SettingNames.StripeSecretKey);

    private static bool HasKey(IServiceProvider services, string setting) =>
        !string.IsNullOrEmpty(services.GetRequiredService<IConfiguration>()[setting]);

    public static WebApplication UseLocalHost(this WebApplication app)
    {
        // The local host runs as Development (Program.cs), where ASP.NET Core answers an unhandled exception with its
        // developer page: a stack trace. Caught here, before that page sees it, and answered as Azure Functions does.
        app.UseUnhandledAsFunctions();
        // One line per request, path only: the query string carries tokens and function keys (ASP.NET Core's own
        // request lines, which print it, are kept to warnings by AddMonalisa).
        var requests = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Monalisa.LocalHost.Requests");
        app.Use(async (context, next) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await next();
            requests.LogInformation("{Method} {Path} → {Status} ({Elapsed:0} ms)", context.Request.Method, context.Request.PathBase + context.Request.Path,
                context.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        // The generated site, at /, as Static Web Apps would serve it. The file middleware runs before routing:
        // otherwise the fallback endpoint below matches every path first and static files never serve a page.
        var siteFolder = app.Configuration["LocalHost:SiteFolder"]!;
        Directory.CreateDirectory(siteFolder);
        var files = new PhysicalFileProvider(siteFolder);
        var siteHeaders = new SiteHeaders(siteFolder);
        // The site only: the Functions app does not compress its answers, and compressing pages that carry an
        // enrolment's token next to text a visitor typed would open the door to BREACH-style guessing.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), site => site.UseResponseCompression());
        app.Use(async (context, next) =>
        {
            if (!siteHeaders.TryRedirect(context)) await next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        // The editor's config.yml (/admin/): a type ASP.NET Core does not know, declared in staticwebapp.config.json's mimeTypes for Static Web Apps.
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings[".yml"] = "text/yaml; charset=utf-8";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types, OnPrepareResponse = file => siteHeaders.Apply(file.Context) });
        // Plays App Service Authentication: principal headers from outside removed, the dev sign-in's person set.
        app.UseDevSignIn();
        app.UseRouting();
        app.UseSameOriginDevPosts();
        // The local pages carry the site's headers (its strict Content-Security-Policy), as its own pages do.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_dev")) siteHeaders.Apply(context);
            await next(context);
        });

        app.MapFunctions();
        app.MapLocalTools();
        app.MapDevSignIn();
        app.MapOfflineCheckout();
        app.MapTimerTriggers();
        app.MapQueueRunner();
        app.MapOfflineChorusPro();
        app.MapLocalMail();
        app.MapLocalCms();
        app.MapApiFallback();
        app.MapFallback(async context =>
        {
            var notFound = Path.Combine(siteFolder, "404.html");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            siteHeaders.Apply(context);
            if (File.Exists(notFound))
                await context.Response.SendFileAsync(notFound);
            else
                await context.Response.WriteAsync(LocalPages.Renderer.Render("placeholder", "MONALISA — formations", new Dictionary<string, object?>()));
        });
        return app;
    }
}

/// <summary>The local host's own pages, from src/Monalisa.LocalHost/Pages, in the site's layout.</summary>
internal static class LocalPages
{
    public static readonly PageRenderer Renderer = new(new ResourceFiles(typeof(LocalPages).Assembly, "pages"));
}

/// <summary>Azurite for the local host, on its default ports, persisting under .data/azurite.</summary>
internal sealed class LocalAzurite(IConfiguration configuration, ILogger<LocalAzurite> logger) : IHostedService
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>("LocalHost:StartAzurite")) return;
        if (AzuriteProcess.IsListening(10002))
        {
            logger.LogInformation("Azurite already listens on 10002; using it.");
            return;
        }
        var folder = Path.Combine(configuration["LocalHost:DataFolder"]!, "azurite");
        _azurite = await AzuriteProcess.StartAsync(folder, 10000, 10001, 10002);
        logger.LogInformation("Azurite started, data in {Folder}.", folder);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

/// <summary>With a Stripe key, the Functions app's own check; without one, the offline checkout only needs its signing secret.</summary>
internal sealed class LocalStripeValidator : IValidateOptions<StripeSettings>
{
    public ValidateOptionsResult Validate(string? name, StripeSettings settings) =>
        !string.IsNullOrEmpty(settings.SecretKey) ? new StripeKeysValidator().Validate(name, settings)
        : string.IsNullOrEmpty(settings.WebhookSecret)
            ? ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.StripeWebhookSecret} est obligatoire pour signer les paiements hors ligne.")
            : ValidateOptionsResult.Success;
}

/// <summary>With a PISTE client id, the Functions app's own check; without one, the offline stand-in needs nothing.</summary>
internal sealed class LocalChorusProValidator : IValidateOptions<ChorusProSettings>
{
    public ValidateOptionsResult Validate(string? name, ChorusProSettings settings) =>
        string.IsNullOrEmpty(settings.ClientId) ? ValidateOptionsResult.Success : new ChorusProSettingsValidator().Validate(name, settings);
}
