using Microsoft.Extensions.FileProviders;
using Monalisa.Functions.Payments;

namespace Monalisa.LocalHost;

internal static class LocalHostExtensions
{
    public static IServiceCollection AddLocalHost(this IServiceCollection services, IConfiguration configuration)
    {
        // Starts Azurite before anything touches storage, unless one already listens (or tests bring their own).
        if (configuration.GetValue<bool>("LocalHost:StartAzurite"))
            services.AddHostedService<LocalAzurite>();

        // Without a Stripe key: the offline checkout page and refunds that need no money.
        if (string.IsNullOrEmpty(configuration[Monalisa.Functions.Hosting.SettingNames.StripeSecretKey]))
        {
            services.AddSingleton<Monalisa.Functions.Enrolment.ICheckoutGateway, OfflineCheckoutGateway>();
            services.AddSingleton<IRefundGateway, OfflineRefundGateway>();
            services.AddSingleton<Monalisa.Functions.Enrolment.IInstalmentGateway, OfflineInstalmentGateway>();
        }
        // Without a SendGrid key: emails written as .eml files, readable at /_dev/mail.
        if (string.IsNullOrEmpty(configuration[Monalisa.Functions.Hosting.SettingNames.SendGridApiKey]))
            services.AddSingleton<Monalisa.Functions.Outbox.IEmailSender, FileEmailSender>();
        services.AddHttpClient();
        services.AddHostedService<LocalTimers>();
        services.AddHostedService<LocalQueues>();
        return services;
    }

    public static WebApplication UseLocalHost(this WebApplication app)
    {
        // The generated site, at /, as Static Web Apps would serve it. The file middleware runs before routing:
        // otherwise the fallback endpoint below matches every path first and static files never serve a page.
        var siteFolder = app.Configuration["LocalHost:SiteFolder"]!;
        Directory.CreateDirectory(siteFolder);
        var files = new PhysicalFileProvider(siteFolder);
        var siteHeaders = new SiteHeaders(siteFolder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = file => siteHeaders.Apply(file.Context.Response) });
        app.UseRouting();

        app.MapFunctions();
        app.MapOfflineCheckout();
        app.MapTimerTriggers();
        app.MapQueueRunner();
        app.MapLocalMail();
        app.MapFallback(async context =>
        {
            var notFound = Path.Combine(siteFolder, "404.html");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            siteHeaders.Apply(context.Response);
            if (File.Exists(notFound))
                await context.Response.SendFileAsync(notFound);
            else
                await context.Response.WriteAsync(Placeholder);
        });
        return app;
    }

    private const string Placeholder = """
        <!doctype html><html lang="fr"><meta charset="utf-8"><title>MONALISA — formations</title>
        <h1>MONALISA — formations</h1><p>Le site n'est pas encore généré. L'API répond sous <a href="/api/sessions?course=animer-une-strategie-de-cooperation-monalisa">/api</a>.</p></html>
        """;
}

/// <summary>Azurite for the local host, on its default ports, persisting under .data/azurite.</summary>
internal sealed class LocalAzurite(IConfiguration configuration, ILogger<LocalAzurite> logger) : IHostedService
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
