using System.Text.Json;

namespace Monalisa.LocalHost;

/// <summary>
/// The site's security headers, read from the generated staticwebapp.config.json (<c>globalHeaders</c>), so that the
/// local host sends what Static Web Apps will send, from one source. Re-read when the site is generated again.
/// </summary>
internal sealed class SiteHeaders(string siteFolder)
{
    private (DateTime Written, IReadOnlyList<KeyValuePair<string, string>> Headers) _cache = (DateTime.MinValue, []);

    public void Apply(HttpResponse response)
    {
        foreach (var (name, value) in Current())
            response.Headers[name] = value;
    }

    private IReadOnlyList<KeyValuePair<string, string>> Current()
    {
        var file = new FileInfo(Path.Combine(siteFolder, "staticwebapp.config.json"));
        if (!file.Exists) return [];
        var cache = _cache;
        if (cache.Written == file.LastWriteTimeUtc) return cache.Headers;
        using var json = JsonDocument.Parse(File.ReadAllText(file.FullName));
        var headers = json.RootElement.TryGetProperty("globalHeaders", out var global)
            ? global.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? "")).ToList()
            : [];
        _cache = (file.LastWriteTimeUtc, headers);
        return headers;
    }
}
