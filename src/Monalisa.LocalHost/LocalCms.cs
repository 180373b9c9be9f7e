using System.Diagnostics;

namespace Monalisa.LocalHost;

/// <summary>
/// The editor's local backend: decap-server (package.json pins it), writing the Markdown of <c>LocalHost:CmsFolder</c>
/// (the working tree; a test's copy) with no account. Started on the first request to <see cref="Path"/>, on a free
/// port, and stopped with the host. The page reaches it through this host, same origin: /admin/'s CSP allows no other.
/// </summary>
internal sealed class LocalDecapServer(IConfiguration configuration, ILogger<LocalDecapServer> logger) : IAsyncDisposable
{
    /// <summary>What the generator writes as Decap's <c>local_backend.url</c> (run.sh: <c>--cms-local</c>).</summary>
    public const string Path = "/_dev/cms/api/v1";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private Process? _process;
    private int _port;

    public async Task<int> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false }) return _port;
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_process is { HasExited: false }) return _port;
            var executable = System.IO.Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "decap-server");
            if (!File.Exists(executable))
                throw new InvalidOperationException($"decap-server is not installed ({executable} is missing). Run `npm ci` at the repository root.");
            var folder = configuration["LocalHost:CmsFolder"] ?? RepositoryPaths.Root;
            _port = AzuriteProcess.FreePort();
            var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            start.Environment["PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["BIND_HOST"] = "127.0.0.1";
            start.Environment["GIT_REPO_DIRECTORY"] = folder;
            // Files only: the staff member's save changes the working tree, and committing stays a person's act.
            start.Environment["MODE"] = "fs";
            start.Environment["LOG_LEVEL"] = "warn";
            _process = Process.Start(start) ?? throw new InvalidOperationException("decap-server did not start.");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) logger.LogWarning("decap-server: {Line}", e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!AzuriteProcess.IsListening(_port))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"decap-server did not listen on {_port}.");
                await Task.Delay(50, cancellationToken);
            }
            logger.LogInformation("decap-server started for {Folder}.", folder);
            return _port;
        }
        finally
        {
            _starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}

internal static class LocalCmsEndpoints
{
    /// <summary>Decap's proxy protocol is one JSON POST per action (info, entriesByFolder, persistEntry…): passed on as it is.</summary>
    public static IEndpointRouteBuilder MapLocalCms(this IEndpointRouteBuilder app)
    {
        app.MapPost(LocalDecapServer.Path, async (HttpContext context, LocalDecapServer server, IHttpClientFactory clients) =>
        {
            var port = await server.EnsureStartedAsync(context.RequestAborted);
            using var body = new StreamContent(context.Request.Body);
            body.Headers.ContentType = new("application/json");
            using var answer = await clients.CreateClient().PostAsync($"http://127.0.0.1:{port}/api/v1", body, context.RequestAborted);
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "application/json";
            await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        return app;
    }
}
