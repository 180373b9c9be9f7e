using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.LocalHost;

namespace Monalisa.Testing;

/// <summary>
/// The local host exactly as <c>run</c> starts it, on Kestrel at a free loopback port (browsers need a real socket),
/// with the settings and services a test swaps in, applied over the host's own.
/// </summary>
public sealed class LocalHostFactory(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null, string environment = "Production")
    : WebApplicationFactory<LocalHostProgram>
{
    /// <summary>Settings every test host shares: no Azurite of its own, timers and queues run only when a test asks.</summary>
    public static Dictionary<string, string?> TestSettings(string storageConnectionString) => new()
    {
        ["Storage:ConnectionString"] = storageConnectionString,
        ["LocalHost:StartAzurite"] = "false",
        ["LocalHost:TimerSeconds"] = "0",
        ["LocalHost:QueueSeconds"] = "0",
        ["LocalHost:DataFolder"] = Path.Combine(Path.GetTempPath(), "monalisa-tests", Guid.NewGuid().ToString("N")),
        ["Logging:LogLevel:Default"] = "Warning",
        // The URL banner is for a person at a console, not for test output.
        ["LocalHost:Banner"] = "false",
        // Form tokens signed with the tests' own secret; bodies carry one issued long ago (FormTokens.Valid). Rate limits
        // and the cap on places per payer are off: tests post many forms from one address and payer, within one fake hour.
        // The tests of those limits (Abuse/) start hosts with them on.
        ["Abuse:Secret"] = FormTokens.TestSecret,
        ["Abuse:FormMaximumHours"] = "100000",
        ["Abuse:RateLimitsEnabled"] = "false",
        ["Abuse:MaxPlacesPerPayer"] = "1000",
        ["Abuse:MaxPlacesPerAddress"] = "1000",
    };

    /// <summary>The base address Kestrel listens on, once <see cref="WebApplicationFactory{T}.StartServer"/> ran.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Starts Kestrel on a free port, or on the port of the <c>urls</c> setting when a test fixed one (browser tests
    /// fix it first, because Site:BaseUrl, which return URLs are built from, must name it).
    /// </summary>
    public LocalHostFactory Start()
    {
        var port = settings.TryGetValue("urls", out var urls) && Uri.TryCreate(urls, UriKind.Absolute, out var uri) ? uri.Port : 0;
        // An explicit endpoint, not UseKestrel(port): that overload rewrites the server's addresses after the app has
        // started binding, a race that sometimes throws « Addresses cannot be modified after the server has started »
        // (dotnet/aspnetcore#67714). With Listen, Kestrel reports the port it got and nothing is rewritten.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        // Test projects learn the local host's content root from Mvc.Testing's assembly attribute; the bench, which is
        // not a test project, does not, and the factory's guess (<solution>/Monalisa.LocalHost) misses src/. Say it once.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MONALISA_LOCALHOST", Path.Combine(Monalisa.LocalHost.RepositoryPaths.Root, "src", "Monalisa.LocalHost"));
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As deployed, not Development (which `run` uses): the DI checks of production. Tests of the Development
        // behaviour itself (no developer exception page) ask for it.
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        if (services is not null) builder.ConfigureTestServices(services);
    }
}
