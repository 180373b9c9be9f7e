using System.Net;
using System.Text.RegularExpressions;

namespace Monalisa.Functions.Tests.SelfFunded;

/// <summary>
/// The API's pages (withdrawal, instalment, messages) wear the site's header and footer: their stylesheet is served by the
/// API itself (the CSP's 'self'), and their navigation leads to the site, wherever the API lives.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ApiPageLayoutTests(AzuriteFixture storage)
{
    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\">")]
    private static partial Regex Stylesheet();

    [Fact]
    public async Task The_withdrawal_page_loads_the_sites_stylesheet_from_the_api_and_links_the_sites_pages()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue);
        var page = await api.Client.GetAsync($"/api/enrolments/{course.SessionId}-inconnue/withdraw?token=faux");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("class=\"site-header\"", html);
        Assert.Contains("class=\"site-footer\"", html);
        Assert.Contains("href=\"http://localhost:7071/conditions-generales/\"", html);
        var css = Stylesheet().Match(html).Groups[1].Value;
        Assert.StartsWith("/api/assets/site.", css);
        var asset = await api.Client.GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/css", asset.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync("/api/assets/settings.yml")).StatusCode);
    }

    [Fact]
    public async Task The_api_pages_wear_the_brand_colours_of_the_settings_as_the_site_does()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue);
        var html = await (await api.Client.GetAsync($"/api/enrolments/{course.SessionId}-inconnue/withdraw?token=faux")).Content.ReadAsStringAsync();

        var brand = Stylesheet().Matches(html).Select(m => m.Groups[1].Value).SingleOrDefault(href => href.StartsWith("/api/assets/brand.", StringComparison.Ordinal));
        Assert.NotNull(brand);
        var css = await (await api.Client.GetAsync(brand)).Content.ReadAsStringAsync();
        Assert.Contains($"--brand:{Monalisa.Content.SiteSettings.LoadEmbedded().Brand.Colour}", css);
    }
}
