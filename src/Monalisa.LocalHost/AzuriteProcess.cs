using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Monalisa.LocalHost;

/// <summary>
/// Azurite, the real Table, Queue and Blob storage emulator, started from the repository's node_modules
/// (package.json pins its version). Used by the local host and by the tests' shared fixture.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's fixed, publicly documented development account key (not a secret).</summary>
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevAccountKey + ";" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Starts Azurite on the given ports (0 = a free port), in memory or persisting under <paramref name="dataFolder"/>.</summary>
    public static async Task<AzuriteProcess> StartAsync(string? dataFolder, int blobPort = 0, int queuePort = 0, int tablePort = 0)
    {
        var executable = InstalledExecutable();
        blobPort = blobPort == 0 ? FreePort() : blobPort;
        queuePort = queuePort == 0 ? FreePort() : queuePort;
        tablePort = tablePort == 0 ? FreePort() : tablePort;

        var process = Launch(StartInfo(executable, dataFolder, blobPort, queuePort, tablePort));
        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort);
        await azurite.WaitUntilListeningAsync();
        return azurite;
    }

    /// <summary>The repository's pinned Azurite; a clear message if <c>npm ci</c> was not run.</summary>
    private static string InstalledExecutable()
    {
        var executable = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Azurite is not installed ({executable} is missing). Run `npm ci` at the repository root, or use the README's commands, which do it.");
        return executable;
    }

    private static ProcessStartInfo StartInfo(string executable, string? dataFolder, int blobPort, int queuePort, int tablePort)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}" })
            start.ArgumentList.Add(arg);
        AddPersistence(start, dataFolder);
        return start;
    }

    private static void AddPersistence(ProcessStartInfo start, string? dataFolder)
    {
        if (dataFolder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
            return;
        }
        Directory.CreateDirectory(dataFolder);
        start.ArgumentList.Add("--location");
        start.ArgumentList.Add(dataFolder);
    }

    /// <summary>Starts the process and drains its output, so a full pipe never blocks it.</summary>
    private static Process Launch(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90); // a loaded CI machine can take long to start Node
        while (!(IsListening(TablePort) && IsListening(QueuePort) && IsListening(BlobPort)))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Azurite exited at start with code {_process.ExitCode} (ports {BlobPort}/{QueuePort}/{TablePort}).");
            if (DateTime.UtcNow > deadline)
            {
                await DisposeAsync();
                throw new TimeoutException("Azurite did not listen within 90 s.");
            }
            await Task.Delay(50);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Stops Azurite as an operator would (SIGTERM): it closes its ports and saves what it persisted, so a restart on
    /// the same ports and folder finds every committed write. (Dispose kills it outright.)
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
    }

    /// <summary>Stops Azurite (a fault test restarts it on the same ports with <see cref="StartAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
