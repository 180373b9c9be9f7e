using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Monalisa.LocalHost;
using Monalisa.Testing;

/// <summary>
/// Cold start: from the process's start to the first 200 on <c>/api/sessions</c>, median of five starts, for the
/// local host and for an empty ASP.NET Core app built and started the same way (the floor), in one run. The host runs
/// as the tests run it (Production, timers and queues off) over an Azurite already started, so that Azurite's own
/// start is not counted.
/// </summary>
internal static class ColdStart
{
    private const int Starts = 5;
    private const string Slug = "animer-une-strategie-de-cooperation-monalisa";

    /// <param name="apps">Label and path of each app's dll, the floor first, then its pair (build, then published ReadyToRun).</param>
    public static async Task<int> WriteAsync(string outputFile, IReadOnlyList<(string Label, string Dll)> apps)
    {
        await using var azurite = await AzuriteProcess.StartAsync(dataFolder: null);
        var settings = LocalHostFactory.TestSettings(azurite.ConnectionString);
        settings["Logging:LogLevel:Default"] = "Error";
        var medians = new List<(string Label, double Ms, double[] All)>();
        foreach (var (label, dll) in apps)
        {
            await StartOnceAsync(dll, settings);   // the file cache warm, as on a machine that ran it once
            var times = new double[Starts];
            for (var i = 0; i < Starts; i++) times[i] = await StartOnceAsync(dll, settings);
            var sorted = times.Order().ToArray();
            medians.Add((label, sorted[Starts / 2], times));
            Console.Error.WriteLine($"cold start, {label}: median {sorted[Starts / 2]:0} ms ({string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))})");
        }

        var md = new StringBuilder();
        md.AppendLine($"Du lancement du processus (`dotnet app.dll`) au premier 200 sur `/api/sessions`, médiane de {Starts} démarrages après un premier à blanc ; Azurite déjà démarré ; machine à {Environment.ProcessorCount} cœurs.");
        md.AppendLine();
        md.AppendLine("| application | médiane (ms) | les 5 démarrages (ms) |");
        md.AppendLine("|---|---:|---|");
        foreach (var m in medians) md.AppendLine($"| {m.Label} | {m.Ms:0} | {string.Join(" · ", m.All.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} |");
        md.AppendLine();
        md.AppendLine("| objectif | mesure | atteint |");
        md.AppendLine("|---|---|:---:|");
        // Pairs: (floor, host) for the build, then for the ReadyToRun publish when measured.
        for (var i = 0; i + 1 < medians.Count; i += 2)
        {
            var (floor, host) = (medians[i], medians[i + 1]);
            md.AppendLine($"| {host.Label} ≤ 1,5 × {floor.Label} | {host.Ms:0} ms ≤ 1,5 × {floor.Ms:0} = {1.5 * floor.Ms:0} ms (ratio {host.Ms / floor.Ms:0.00}) | {(host.Ms <= 1.5 * floor.Ms ? "oui" : "non")} |");
        }
        await File.WriteAllTextAsync(outputFile, md.ToString());
        Console.Write(md);
        return 0;
    }

    private static async Task<double> StartOnceAsync(string dll, IDictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (process.HasExited) throw new InvalidOperationException($"{Path.GetFileName(dll)} stopped with code {process.ExitCode} before answering.");
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/api/sessions?course={Slug}");
                    if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(5);
            }
            throw new TimeoutException($"{Path.GetFileName(dll)} did not answer 200 within 60 s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
