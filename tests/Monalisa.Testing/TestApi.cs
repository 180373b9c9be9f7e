using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monalisa.Domain.Catalogue;
using Monalisa.LocalHost;

namespace Monalisa.Testing;

/// <summary>
/// The local host, built exactly as `run` builds it (same AddMonalisa), listening on a free loopback port,
/// with its infrastructure swapped: the fixture's Azurite, a fake clock, and optionally a test catalogue.
/// </summary>
public sealed class TestApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApi(WebApplication app, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        // Redirects are part of what is tested (303 after a form post): never follow them silently.
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Today, for the fake clock: well before the 2027 example sessions.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1));

    public static Task<TestApi> StartAsync(
        AzuriteFixture storage,
        CourseCatalogue? catalogue = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(storage.ConnectionString, catalogue, settings, services);

    /// <summary>Over any storage, e.g. an Azurite a fault test stops and restarts itself.</summary>
    public static async Task<TestApi> StartAsync(
        string storageConnectionString,
        CourseCatalogue? catalogue = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(DefaultNow);
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var app = LocalHostProgram.BuildApp([],
            configuration: builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Storage:ConnectionString"] = storageConnectionString,
                    ["LocalHost:StartAzurite"] = "false",
                    // Tests trigger timers and queues themselves, at the fake clock's time.
                    ["LocalHost:TimerSeconds"] = "0",
                    ["LocalHost:DataFolder"] = Path.Combine(Path.GetTempPath(), "monalisa-tests", Guid.NewGuid().ToString("N")),
                    ["Logging:LogLevel:Default"] = "Warning",
                    // Queue messages (emails) are processed only when a test calls POST /_dev/queues/run.
                    ["LocalHost:QueueSeconds"] = "0",
                });
                if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
            },
            overrides: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                if (catalogue is not null) s.AddSingleton(catalogue);
                services?.Invoke(s);
            });
        await app.StartAsync();
        return new TestApi(app, clock);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
