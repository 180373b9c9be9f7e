using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Monalisa.Infra.Tests;

/// <summary>
/// The three Bicep processes the whole assembly shares, each started once, the first time a test asks. A run is the
/// real CLI over a glob, so one process covers every file: a build of every template (main.bicep's ARM JSON is read
/// from it), a build of every parameters file, and a lint of all of them beside a canary that must fail.
/// </summary>
internal static class BicepRuns
{
    /// <summary>Where the lint run puts a template that breaks a rule the linter only warns about by default.</summary>
    public const string Canary = "../canary/canary.bicep";

    private static readonly Lazy<Task<PatternRun>> Templates = new(() => BuildAsync("build", "**/*.bicep"));
    private static readonly Lazy<Task<PatternRun>> Parameters = new(() => BuildAsync("build-params", "*.bicepparam"));
    private static readonly Lazy<Task<PatternRun>> Lint = new(LintAsync);

    /// <summary>The run that checks <paramref name="file"/> (relative to infra/) with <paramref name="command"/>.</summary>
    public static Task<PatternRun> For(string command, string file) => command switch
    {
        "lint" => Lint.Value,
        _ when file.EndsWith(".bicepparam", StringComparison.Ordinal) => Parameters.Value,
        _ => Templates.Value,
    };

    public static Task<PatternRun> TemplatesAsync() => Templates.Value;

    public static Task<PatternRun> LintedAsync() => Lint.Value;

    private static async Task<PatternRun> BuildAsync(string command, string pattern)
    {
        var output = Directory.CreateTempSubdirectory("monalisa-bicep-");
        try
        {
            var result = await Bicep.RunAsync(Bicep.InfraFolder, command, "--pattern", pattern, "--outdir", output.FullName);
            var written = Directory.EnumerateFiles(output.FullName, "*.json", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(output.FullName, f), File.ReadAllText, StringComparer.Ordinal);
            var (findings, unattributed) = PatternRun.ParseLines(result.Errors);
            return new PatternRun($"bicep {command} --pattern '{pattern}'", result.ExitCode, findings, unattributed, written, Documents: null);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Lints infra/ (linked, not copied) and the canary with infra/bicepconfig.json, in one process. SARIF output: one
    /// document per file linted, so the run proves it saw every file, and each finding names its file.
    /// </summary>
    private static async Task<PatternRun> LintAsync()
    {
        var root = Directory.CreateTempSubdirectory("monalisa-bicep-lint-");
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "infra"), Bicep.InfraFolder);
            var canary = Path.GetFullPath(Path.Combine(root.FullName, "infra", Canary));
            Directory.CreateDirectory(Path.GetDirectoryName(canary)!);
            File.Copy(Path.Combine(Bicep.InfraFolder, "bicepconfig.json"), Path.Combine(Path.GetDirectoryName(canary)!, "bicepconfig.json"));
            await File.WriteAllTextAsync(canary, "param unused string\n");

            var result = await Bicep.RunAsync(root.FullName, "lint", "--pattern", "**/*.bicep*", "--diagnostics-format", "Sarif");

            var (findings, unattributed, documents) = PatternRun.ParseSarif(result.Output, Path.Combine(root.FullName, "infra"));
            unattributed.AddRange(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return new PatternRun("bicep lint --pattern '**/*.bicep*'", result.ExitCode, findings, unattributed, Written: new Dictionary<string, string>(), documents);
        }
        finally
        {
            // Removes the link, not infra/.
            root.Delete(recursive: true);
        }
    }
}

/// <summary>One finding of the compiler or the linter, on a file relative to infra/.</summary>
internal sealed record Finding(string File, string Text);

/// <summary>What one Bicep run over a glob reported: findings per file, lines it could not attribute, files it wrote.</summary>
internal sealed partial record PatternRun(
    string Command, int ExitCode, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Unattributed,
    IReadOnlyDictionary<string, string> Written, int? Documents)
{
    public IEnumerable<Finding> FindingsOn(string file) => Findings.Where(f => f.File == file);

    /// <summary>
    /// No finding on the file, nothing the run said that names no file, and a failed exit explained by some finding
    /// (on another file: in the lint run, the canary's).
    /// </summary>
    public bool IsCleanFor(string file) =>
        !FindingsOn(file).Any() && Unattributed.Count == 0 && (ExitCode == 0 || Findings.Count > 0);

    /// <summary>The JSON a build run wrote for <paramref name="file"/> (relative to infra/); absent if it did not build.</summary>
    public string? OutputOf(string file) => Written.GetValueOrDefault(Path.ChangeExtension(file, ".json"));

    public string Describe(string file) =>
        $"{Command}: exit {ExitCode}\n{string.Join("\n", FindingsOn(file).Select(f => f.Text).Concat(Unattributed))}";

    /// <summary>The default format, on standard error: <c>/path/file.bicep(line,column) : Level code: message</c>.</summary>
    public static (List<Finding> Findings, List<string> Unattributed) ParseLines(string errors)
    {
        var findings = new List<Finding>();
        var unattributed = new List<string>();
        foreach (var line in errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = DiagnosticLine().Match(line);
            if (match.Success && Attribute(match.Groups["path"].Value, Bicep.InfraFolder) is { } file) findings.Add(new Finding(file, line));
            else unattributed.Add(line);
        }
        return (findings, unattributed);
    }

    /// <summary>SARIF 2.1.0 on standard output, one document per file linted, each result locating its file by URI.</summary>
    public static (List<Finding> Findings, List<string> Unattributed, int Documents) ParseSarif(string output, string infraFolder)
    {
        var findings = new List<Finding>();
        var unattributed = new List<string>();
        var documents = 0;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            documents++;
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var uri = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                var path = new Uri(uri).LocalPath;
                var text = $"{path}: {result.GetProperty("level").GetString()} {result.GetProperty("ruleId").GetString()}: {result.GetProperty("message").GetProperty("text").GetString()}";
                if (Attribute(path, infraFolder) is { } file) findings.Add(new Finding(file, text));
                else unattributed.Add(text);
            }
        }
        return (findings, unattributed, documents);
    }

    /// <summary>The path relative to infra/, or null if it is neither under infra/ nor the canary.</summary>
    private static string? Attribute(string path, string infraFolder)
    {
        var file = Path.GetRelativePath(infraFolder, path);
        return file == BicepRuns.Canary || !file.StartsWith("..", StringComparison.Ordinal) ? file : null;
    }

    [GeneratedRegex(@"^(?<path>.+?)\(\d+,\d+\) : \w+ [^:]+: ")]
    private static partial Regex DiagnosticLine();
}
