using System.Text.Json;

namespace Monalisa.Site.Tests;

/// <summary>staticwebapp.config.json: the headers Static Web Apps sends with every page, generated with the site.</summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public void The_generated_config_has_a_strict_csp_allowing_the_api_origin_and_the_other_security_headers()
    {
        using var site = new SiteCopy();
        SiteBuilder.Build(site.Options with { ApiBaseUrl = "https://api.monalisa.example/base/" });
        var headers = GlobalHeaders(site.Output, out var config);

        var csp = headers["Content-Security-Policy"];
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("{ApiOrigin}", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self';", csp);
        Assert.Contains("connect-src 'self' https://api.monalisa.example;", csp);
        Assert.Contains("form-action 'self' https://api.monalisa.example ", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.StartsWith("max-age=", headers["Strict-Transport-Security"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("strict-origin-when-cross-origin", headers["Referrer-Policy"]);
        Assert.Contains("camera=()", headers["Permissions-Policy"]);
        Assert.Equal("/404.html", config.RootElement.GetProperty("responseOverrides").GetProperty("404").GetProperty("rewrite").GetString());
        Assert.True(File.Exists(Path.Combine(site.Output, "404.html")));
    }

    [Fact]
    public void Without_a_separate_api_origin_the_csp_allows_only_the_site_itself()
    {
        using var site = new SiteCopy();
        SiteBuilder.Build(site.Options);
        var csp = GlobalHeaders(site.Output, out _)["Content-Security-Policy"];
        Assert.Contains("connect-src 'self';", csp);
        Assert.DoesNotContain("{ApiOrigin}", csp);
    }

    private static Dictionary<string, string> GlobalHeaders(string output, out JsonDocument config)
    {
        config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "staticwebapp.config.json")));
        return config.RootElement.GetProperty("globalHeaders").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}
