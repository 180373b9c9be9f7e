namespace Monalisa.Infra.Tests;

/// <summary>Every template and parameters file goes through the real Bicep compiler and linter, warnings counting as errors.</summary>
public sealed class CompilerTests
{
    public static TheoryData<string> TemplateFiles() => [.. RelativeTemplateFiles()];

    private static IEnumerable<string> RelativeTemplateFiles() => Bicep.TemplateFiles().Select(f => Path.GetRelativePath(Bicep.InfraFolder, f));

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public async Task Template_builds_without_any_diagnostic(string file)
    {
        var command = file.EndsWith(".bicepparam", StringComparison.Ordinal) ? "build-params" : "build";
        var result = (await AllRuns.Value)[(command, file)];
        Assert.True(result.IsClean, $"bicep {command} {file}: {result}");
    }

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public async Task Template_passes_the_linter_without_any_diagnostic(string file)
    {
        var result = (await AllRuns.Value)[("lint", file)];
        Assert.True(result.IsClean, $"bicep lint {file}: {result}");
    }

    /// <summary>Each run takes a couple of seconds; all of them run at once, the first time a test asks.</summary>
    private static readonly Lazy<Task<Dictionary<(string Command, string File), BicepResult>>> AllRuns = new(async () =>
    {
        var runs = RelativeTemplateFiles()
            .SelectMany(file => new[] { (Command: file.EndsWith(".bicepparam", StringComparison.Ordinal) ? "build-params" : "build", File: file), (Command: "lint", File: file) })
            .ToList();
        using var slots = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount));
        var results = await Task.WhenAll(runs.Select(async run =>
        {
            await slots.WaitAsync();
            try
            {
                var path = Path.Combine(Bicep.InfraFolder, run.File);
                return run.Command == "lint" ? await Bicep.RunAsync("lint", path) : await Bicep.RunAsync(run.Command, path, "--stdout");
            }
            finally { slots.Release(); }
        }));
        return runs.Zip(results).ToDictionary(p => p.First, p => p.Second);
    });

    [Fact]
    public void Both_environments_have_a_parameters_file()
    {
        Assert.True(File.Exists(Path.Combine(Bicep.InfraFolder, "main.staging.bicepparam")));
        Assert.True(File.Exists(Path.Combine(Bicep.InfraFolder, "main.prod.bicepparam")));
    }

    [Fact]
    public async Task The_linter_configuration_turns_a_warning_into_a_failure()
    {
        // A template that is valid but breaks a rule the linter reports as a warning by default (an unused parameter),
        // linted with infra/bicepconfig.json: it must fail.
        var folder = Directory.CreateTempSubdirectory("monalisa-bicep-");
        try
        {
            File.Copy(Path.Combine(Bicep.InfraFolder, "bicepconfig.json"), Path.Combine(folder.FullName, "bicepconfig.json"));
            var template = Path.Combine(folder.FullName, "canary.bicep");
            await File.WriteAllTextAsync(template, "param unused string\n");

            var result = await Bicep.RunAsync("lint", template);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Error no-unused-params", result.Errors, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
