namespace Monalisa.LocalHost;

/// <summary>
/// The addresses a person needs, printed once the host has fully started (Azurite, storage, Kestrel), so that they
/// are the last lines on screen rather than lost above the start-up logs. Off in tests (<c>LocalHost:Banner</c>).
/// </summary>
internal sealed class LocalBanner(IHostApplicationLifetime lifetime, IConfiguration configuration, IHostEnvironment environment) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("LocalHost:Banner", true)) return;
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);
        // The console logger writes from its own queue: let the start-up lines it holds go out first.
        await Task.Delay(TimeSpan.FromMilliseconds(300), stoppingToken);
        var url = (configuration["Site:BaseUrl"] ?? LocalDefaults.Url).TrimEnd('/');
        Console.WriteLine(string.Join(Environment.NewLine,
            "",
            $"  MONALISA — formations, hôte local ({environment.EnvironmentName})",
            $"  Site           {url}/",
            $"  Outils locaux  {url}/_dev/   (e-mails, horloge, files, déclencheurs)",
            $"  E-mails        {url}/_dev/mail",
            $"  API            {url}/api/sessions?course=animer-une-strategie-de-cooperation-monalisa",
            $"  Éditeur (CMS)  {url}/admin/   (sans compte : enregistre dans les fichiers de cette copie, sans commit)",
            "  Ctrl+C pour arrêter ; les données locales sont dans .data/",
            ""));
    }
}

internal static class UnhandledExceptions
{
    /// <summary>
    /// An exception no function caught: logged, and a bare 500 as the Functions host returns, never the developer page.
    /// </summary>
    public static IApplicationBuilder UseUnhandledAsFunctions(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Monalisa.LocalHost.Unhandled")
                .LogError(e, "Unhandled exception on {Method} {Path}.", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted) throw;
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    });
}
