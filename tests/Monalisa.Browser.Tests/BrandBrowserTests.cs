using Microsoft.Playwright;

namespace Monalisa.Browser.Tests;

/// <summary>The favicon and the brand's assets load: no page of the site logs a 404 (the issue saw one on every page).</summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class BrandBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : SiteServer(storage, chromium)
{
    [Theory]
    [InlineData("/")]
    [InlineData(CoursePath)]
    public async Task Loading_the_page_logs_no_404_and_its_icons_and_the_root_favicon_are_served(string path)
    {
        var missing = new List<string>();
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        page.Response += (_, response) => { if (response.Status == 404) missing.Add(response.Url); };
        page.Console += (_, message) => { if (message.Type == "error") ConsoleErrors.Add(message.Text); };

        await page.GotoAsync(Url(path), new() { WaitUntil = WaitUntilState.NetworkIdle });

        // Every icon the page declares, and /favicon.ico, which browsers and crawlers ask for whatever the page says.
        var icons = await page.Locator("link[rel=icon], link[rel=apple-touch-icon]").EvaluateAllAsync<string[]>("links => links.map(l => l.href)");
        Assert.NotEmpty(icons);
        foreach (var icon in icons.Append(Url("/favicon.ico")))
        {
            var response = await page.APIRequest.GetAsync(icon);
            Assert.True(response.Status == 200, $"{icon}: {response.Status}");
            Assert.StartsWith("image/", response.Headers["content-type"]);
        }
        // The logo of settings.yml is shown in the header; its image loaded.
        Assert.True(await page.Locator("header .brand-logo").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.Empty(missing);
        Assert.DoesNotContain(ConsoleErrors, e => e.Contains("404", StringComparison.Ordinal));
    }
}
