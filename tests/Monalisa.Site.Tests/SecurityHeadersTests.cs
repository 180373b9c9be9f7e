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

/// <summary>staticwebapp.config.json routes: what Static Web Apps caches for a year, and where a problem type's URI leads.</summary>
public sealed class HostingRoutesTests
{
    [Fact]
    public void Fingerprinted_assets_are_declared_immutable_for_a_year()
    {
        var routes = Routes();
        var assets = Assert.Single(routes, r => r.GetProperty("route").GetString() == "/assets/*");
        Assert.Equal("public, max-age=31536000, immutable", assets.GetProperty("headers").GetProperty("Cache-Control").GetString());
        // Only fingerprinted files may be cached forever: every CSS and JS the pages link carries its hash in its name.
        Assert.All(Directory.GetFiles(Path.Combine(GeneratedSite.Output, "assets"), "*.*").Where(f => f.EndsWith(".css") || f.EndsWith(".js")),
            f => Assert.Matches(@"\.[0-9a-f]{8,}\.(css|js)$", Path.GetFileName(f)));
    }

    [Fact]
    public void Every_problem_type_uri_redirects_to_its_explanation_on_the_problems_page()
    {
        var routes = Routes();
        foreach (var type in Monalisa.Content.ProblemTypes.All)
        {
            var path = new Uri(type.Uri).AbsolutePath;
            var route = Assert.Single(routes, r => r.GetProperty("route").GetString() == path);
            Assert.Equal("/problemes/#" + type.Slug, route.GetProperty("redirect").GetString());
            Assert.Equal(301, route.GetProperty("statusCode").GetInt32());
        }
        Assert.True(File.Exists(Path.Combine(GeneratedSite.Output, "problemes", "index.html")));
    }

    private static List<JsonElement> Routes()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(GeneratedSite.Output, "staticwebapp.config.json")));
        return [.. config.RootElement.GetProperty("routes").EnumerateArray().Select(r => r.Clone())];
    }
}
