using System.Net;
using System.Text.Json;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class SiteHeadersTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_local_host_sends_the_headers_of_the_generated_staticwebapp_config_with_pages_and_the_404()
    {
        var folder = Path.Combine(Path.GetTempPath(), "monalisa-site-headers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(RepositoryPaths.Root, "site", "staticwebapp.config.json"), Path.Combine(folder, "staticwebapp.config.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), "<!doctype html><title>x</title>");
        await File.WriteAllTextAsync(Path.Combine(folder, "404.html"), "<!doctype html><title>introuvable</title>");
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "staticwebapp.config.json")));
        var expected = config.RootElement.GetProperty("globalHeaders").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Contains("Content-Security-Policy", expected.Keys);

        await using var api = await TestApi.StartAsync(storage, settings: new Dictionary<string, string?> { ["LocalHost:SiteFolder"] = folder });
        foreach (var (path, status) in new[] { ("/", HttpStatusCode.OK), ("/index.html", HttpStatusCode.OK), ("/nulle-part/", HttpStatusCode.NotFound) })
        {
            using var response = await api.Client.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            foreach (var (name, value) in expected)
                Assert.Equal(value, string.Join(", ", response.Headers.TryGetValues(name, out var v) ? v : []));
        }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Fingerprinted_assets_are_served_brotli_compressed_and_immutable_as_the_config_declares()
    {
        using var site = SiteFolder.WithSourceConfig();
        var css = string.Concat(Enumerable.Repeat(".bloc { margin: 0 auto; padding: 1rem; }\n", 400));
        site.Write("assets/site.0123abcd.css", css);
        await using var api = await TestApi.StartAsync(storage, settings: site.Settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/assets/site.0123abcd.css");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var response = await api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(site.DeclaredCacheControl("/assets/*"), response.Headers.CacheControl?.ToString());
        await using var brotli = new System.IO.Compression.BrotliStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal(css, await new StreamReader(brotli).ReadToEndAsync());
    }

    [Fact]
    public async Task Pages_are_gzip_compressed_for_a_client_without_brotli_and_not_cached_forever()
    {
        using var site = SiteFolder.WithSourceConfig();
        var page = "<!doctype html><title>x</title>" + string.Concat(Enumerable.Repeat("<p>Formation MONALISA</p>", 200));
        site.Write("index.html", page);
        await using var api = await TestApi.StartAsync(storage, settings: site.Settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await api.Client.SendAsync(request);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.DoesNotContain("immutable", response.Headers.CacheControl?.ToString() ?? "");
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal(page, await new StreamReader(gzip).ReadToEndAsync());
    }

    [Fact]
    public async Task A_redirect_route_of_the_config_answers_with_its_status_and_location()
    {
        using var site = SiteFolder.WithSourceConfig();
        site.AddRoute("""{ "route": "/problemes/deja-inscrit", "redirect": "/problemes/#deja-inscrit", "statusCode": 301 }""");
        await using var api = await TestApi.StartAsync(storage, settings: site.Settings);

        using var response = await api.Client.GetAsync("/problemes/deja-inscrit");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/problemes/#deja-inscrit", response.Headers.Location?.OriginalString);
    }

    /// <summary>A generated-site folder for one test, holding the repository's staticwebapp.config.json.</summary>
    private sealed class SiteFolder : IDisposable
    {
        private SiteFolder(string path) => Path_ = path;

        private string Path_ { get; }
        private string ConfigFile => Path.Combine(Path_, "staticwebapp.config.json");

        public Dictionary<string, string?> Settings => new() { ["LocalHost:SiteFolder"] = Path_ };

        public static SiteFolder WithSourceConfig()
        {
            var folder = new SiteFolder(Path.Combine(Path.GetTempPath(), "monalisa-site-" + Guid.NewGuid().ToString("N")));
            Directory.CreateDirectory(folder.Path_);
            File.Copy(Path.Combine(RepositoryPaths.Root, "site", "staticwebapp.config.json"), folder.ConfigFile);
            return folder;
        }

        public void Write(string relative, string text)
        {
            var file = Path.Combine(Path_, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }

        public string DeclaredCacheControl(string route)
        {
            using var config = JsonDocument.Parse(File.ReadAllText(ConfigFile));
            return config.RootElement.GetProperty("routes").EnumerateArray()
                .Single(r => r.GetProperty("route").GetString() == route).GetProperty("headers").GetProperty("Cache-Control").GetString()!;
        }

        public void AddRoute(string json)
        {
            var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ConfigFile))!.AsObject();
            if (config["routes"] is not System.Text.Json.Nodes.JsonArray routes) config["routes"] = routes = [];
            routes.Insert(0, System.Text.Json.Nodes.JsonNode.Parse(json));
            File.WriteAllText(ConfigFile, config.ToJsonString());
        }

        public void Dispose()
        {
            try { Directory.Delete(Path_, recursive: true); } catch (IOException) { }
        }
    }
}
