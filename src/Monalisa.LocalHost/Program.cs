using Microsoft.Extensions.Configuration.Memory;
using Monalisa.Functions.Hosting;

namespace Monalisa.LocalHost;

/// <summary>The local host's entry point. Tests start it through <c>WebApplicationFactory&lt;LocalHostProgram&gt;</c>.</summary>
public sealed class LocalHostProgram
{
    private LocalHostProgram() { }

    public static void Main(string[] args)
    {
        // The course files are parsed while the host builds (as in the Functions app).
        Monalisa.Content.CourseContent.StartLoadingEmbedded();
        // No reload of appsettings files on change: the content root is the repository, and watching it (node_modules,
        // bin, obj: tens of thousands of folders) cost about 300 ms of every start. Nothing here is edited while it runs.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            EnvironmentName = DefaultEnvironment(args),
        });
        // Keys-free defaults (Azurite, offline checkout, file outbox), under everything else: settings and arguments win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalDefaults.Settings(RepositoryPaths.Root) });
        // Same registrations as the Functions Program.cs.
        builder.Services.AddMonalisa(builder.Configuration);
        // Azurite, the offline stand-ins and the timer/queue runners that `func` would otherwise provide.
        builder.Services.AddLocalHost();

        var app = builder.Build();
        app.UseLocalHost();
        app.Run();
    }

    /// <summary>
    /// Development, unless an environment is given (ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT, --environment: tests
    /// start the host as Production). This host is never deployed; UseLocalHost keeps the developer exception page out.
    /// </summary>
    private static string? DefaultEnvironment(string[] args) =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 }
        || Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 }
        || args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase) || a.StartsWith("environment=", StringComparison.OrdinalIgnoreCase))
            ? null : Environments.Development;
}
