using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Testing;

/// <summary>
/// The local host, built exactly as `run` builds it (same AddMonalisa), listening on a free loopback port,
/// with its infrastructure swapped through <see cref="LocalHostFactory"/>: the fixture's Azurite, a fake clock,
/// and optionally a test catalogue.
/// </summary>
public sealed class TestApi : IAsyncDisposable
{
    private readonly LocalHostFactory _factory;

    private TestApi(LocalHostFactory factory, FakeTimeProvider clock)
    {
        _factory = factory;
        Clock = clock;
        BaseAddress = factory.BaseAddress;
        // Redirects are part of what is tested (303 after a form post): never follow them silently.
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _factory.Services;

    /// <summary>Today, for the fake clock: well before the 2027 example sessions.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1));

    public static Task<TestApi> StartAsync(
        AzuriteFixture storage,
        CourseCatalogue? catalogue = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(storage.ConnectionString, catalogue, settings, services);

    /// <summary>Over any storage, e.g. an Azurite a fault test stops and restarts itself.</summary>
    public static Task<TestApi> StartAsync(
        string storageConnectionString,
        CourseCatalogue? catalogue = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(DefaultNow);
        // The Functions host runs in UTC (no time zone is set in infra/): the app must find Paris's day by itself.
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var all = LocalHostFactory.TestSettings(storageConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var factory = new LocalHostFactory(all, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            if (catalogue is not null) s.AddSingleton(catalogue);
            services?.Invoke(s);
        });
        // StartServer is synchronous; off the test's thread so that parallel tests keep their own.
        return Task.Run(() => new TestApi(factory.Start(), clock));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}
