using System.Text.Json;

namespace Monalisa.LocalHost;

/// <summary>
/// What Static Web Apps does with the generated staticwebapp.config.json, done here so that the local host serves
/// the site as production will: the <c>globalHeaders</c> on every page, then the headers of the first matching
/// <c>routes</c> entry (e.g. a year's immutable cache for fingerprinted assets), and its redirects. Re-read when the
/// site is generated again.
/// </summary>
internal sealed class SiteHeaders(string siteFolder)
{
    private sealed record Route(string Pattern, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Redirect, int StatusCode)
    {
        // Static Web Apps routes are exact paths, or end with a wildcard that matches the rest of the path.
        public bool Matches(string path) => Pattern.EndsWith('*')
            ? path.StartsWith(Pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(path, Pattern, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record Config(IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<Route> Routes)
    {
        public static readonly Config Empty = new([], []);
    }

    private (DateTime Written, Config Config) _cache = (DateTime.MinValue, Config.Empty);

    public void Apply(HttpContext context)
    {
        var config = Current();
        foreach (var (name, value) in config.Headers)
            context.Response.Headers[name] = value;
        if (config.Routes.FirstOrDefault(r => r.Matches(context.Request.Path.Value ?? "/")) is { } route)
            foreach (var (name, value) in route.Headers)
                context.Response.Headers[name] = value;
    }

    /// <summary>Answers a path that a route redirects, as Static Web Apps would; false for every other path.</summary>
    public bool TryRedirect(HttpContext context)
    {
        if (Current().Routes.FirstOrDefault(r => r.Matches(context.Request.Path.Value ?? "/")) is not { Redirect: { } location } route)
            return false;
        Apply(context);
        context.Response.StatusCode = route.StatusCode;
        context.Response.Headers.Location = location;
        return true;
    }

    private Config Current()
    {
        var file = new FileInfo(Path.Combine(siteFolder, "staticwebapp.config.json"));
        if (!file.Exists) return Config.Empty;
        var cache = _cache;
        if (cache.Written == file.LastWriteTimeUtc) return cache.Config;
        using var json = JsonDocument.Parse(File.ReadAllText(file.FullName));
        var root = json.RootElement;
        var config = new Config(
            root.TryGetProperty("globalHeaders", out var global) ? HeadersOf(global) : [],
            root.TryGetProperty("routes", out var routes) ? [.. routes.EnumerateArray().Select(RouteOf)] : []);
        _cache = (file.LastWriteTimeUtc, config);
        return config;
    }

    private static Route RouteOf(JsonElement route) => new(
        route.GetProperty("route").GetString() ?? "",
        route.TryGetProperty("headers", out var headers) ? HeadersOf(headers) : [],
        route.TryGetProperty("redirect", out var redirect) ? redirect.GetString() : null,
        route.TryGetProperty("statusCode", out var status) ? status.GetInt32() : StatusCodes.Status302Found);

    private static List<KeyValuePair<string, string>> HeadersOf(JsonElement headers) =>
        [.. headers.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? ""))];
}
