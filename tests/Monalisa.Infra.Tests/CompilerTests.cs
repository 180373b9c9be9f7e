namespace Monalisa.Infra.Tests;

/// <summary>
/// Every template and parameters file goes through the real Bicep compiler and linter, warnings counting as errors.
/// Three processes in all (<see cref="BicepRuns"/>): each run covers every file through a glob.
/// </summary>
public sealed class CompilerTests
{
    public static TheoryData<string> TemplateFiles() => [.. RelativeTemplateFiles()];

    private static IEnumerable<string> RelativeTemplateFiles() => Bicep.TemplateFiles().Select(f => Path.GetRelativePath(Bicep.InfraFolder, f));

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public async Task Template_builds_without_any_diagnostic(string file)
    {
        var build = await BicepRuns.For("build", file);
        Assert.True(build.IsCleanFor(file), build.Describe(file));
        Assert.True(build.OutputOf(file) is not null, $"{build.Command} wrote nothing for {file}.");
    }

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public async Task Template_passes_the_linter_without_any_diagnostic(string file)
    {
        var lint = await BicepRuns.For("lint", file);
        Assert.True(lint.IsCleanFor(file), lint.Describe(file));
        // One SARIF document per file linted: every template, every parameters file, and the canary.
        Assert.Equal(RelativeTemplateFiles().Count() + 1, lint.Documents);
    }

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
        // linted with infra/bicepconfig.json in the shared lint run: it must fail.
        var lint = await BicepRuns.LintedAsync();

        Assert.NotEqual(0, lint.ExitCode);
        var finding = Assert.Single(lint.FindingsOn(BicepRuns.Canary));
        Assert.Contains(": error no-unused-params: ", finding.Text, StringComparison.Ordinal);
    }
}
