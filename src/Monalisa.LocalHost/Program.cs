using Monalisa.Functions.Hosting;

namespace Monalisa.LocalHost;

public static class LocalHostProgram
{
    public static void Main(string[] args) => BuildApp(args).Run();

    /// <summary>Builds the local host. Tests pass <paramref name="configuration"/> (ports, storage) and <paramref name="overrides"/> (fake clock…).</summary>
    public static WebApplication BuildApp(string[] args, Action<WebApplicationBuilder>? configuration = null, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = LocalDefaults.Settings(RepositoryPaths.Root),
        });
        configuration?.Invoke(builder);

        // Same registrations as the Functions Program.cs.
        builder.Services.AddMonalisa(builder.Configuration, builder.Environment);

        // Azurite, the offline stand-ins and the timer/queue runners that `func` would otherwise provide.
        builder.Services.AddLocalHost(builder.Configuration);
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseLocalHost();
        return app;
    }
}
