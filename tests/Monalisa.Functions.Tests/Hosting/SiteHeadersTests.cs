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
}
