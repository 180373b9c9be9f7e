using Microsoft.Playwright;
using Monalisa.LocalHost;
using Monalisa.Site;

namespace Monalisa.Browser.Tests;

/// <summary>Debian's Chromium, driven by Playwright (never `playwright install`), and the site generated once for the run.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The generated site, served by the local host under test.</summary>
    public string SiteFolder { get; } = Path.Combine(Path.GetTempPath(), "monalisa-browser-tests", Guid.NewGuid().ToString("N"));

    public static string Screenshots => Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // Same "today" as TestApi's clock, so the next session and the API agree.
        SiteBuilder.Build(SiteOptions.ForSiteFolder(Path.Combine(RepositoryPaths.Root, "site"), SiteFolder)
            with { Today = DateOnly.FromDateTime(TestApi.DefaultNow.Date), LegalExamples = true });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        try { Directory.Delete(SiteFolder, recursive: true); } catch (IOException) { }
    }
}
