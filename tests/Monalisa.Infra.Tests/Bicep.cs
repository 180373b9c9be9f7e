using System.Diagnostics;
using System.Reflection;

namespace Monalisa.Infra.Tests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine NuGet package, and the repository's infra/ folder.</summary>
internal static class Bicep
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string InfraFolder => Path.Combine(RepositoryRoot, "infra");

    /// <summary>The parameters files read the staff app registration's client id from this variable.</summary>
    public const string StaffAppClientIdVariable = "MONALISA_STAFF_APP_CLIENT_ID";
    public const string ExampleStaffAppClientId = "00000000-0000-0000-0000-0000000000a1";

    /// <summary>The package's props set $(BicepPath) with Windows separators; the file may also lose its execute bit in the NuGet cache.</summary>
    public static string ExecutablePath { get; } = EnsureExecutable(Path.GetFullPath(Metadata("BicepPath").Replace('\\', Path.DirectorySeparatorChar)));

    public static IEnumerable<string> TemplateFiles() =>
        Directory.EnumerateFiles(InfraFolder, "*.bicep*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Runs the CLI in <paramref name="folder"/>, where a <c>--pattern</c> glob is resolved.</summary>
    public static async Task<BicepResult> RunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // What the deployer exports before building the parameters files (docs/deploy.md): a made-up client id.
        start.Environment[StaffAppClientIdVariable] = ExampleStaffAppClientId;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty: is Azure.Bicep.CommandLine.linux-x64 restored?");

    private static string EnsureExecutable(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException("The Bicep CLI from NuGet is missing.", path);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute)) File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
        return path;
    }
}

internal sealed record BicepResult(int ExitCode, string Output, string Errors);
