using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Monalisa.Site.Tests;

/// <summary>
/// The deploy workflow's content check: the command it runs, run here as a process on a copy of the site, fails on an
/// invalid commit (as one from the editor could be) naming the file and the field; and it runs before anything is
/// tested, built or deployed.
/// </summary>
public sealed class ContentCheckWorkflowTests
{
    private const string CourseFile = "site/input/courses/" + SiteSource.RealSlug + ".md";

    [Fact]
    public void The_workflow_check_accepts_the_repository_content()
    {
        using var repo = new RepositoryCopy();
        var (exit, output, error) = repo.Run(PullRequestCheck());
        Assert.True(exit == 0, error);
        Assert.Contains("Contenu valide", output);
        // Nothing is written under site/: no output folder, no staging folder.
        Assert.Equal(["input", "theme"], Directory.GetDirectories(repo.Site).Select(d => Path.GetFileName(d)!).Order().ToArray());
    }

    [Theory]
    [InlineData("    End: 2027-03-17\n", "    End: 2027-03-15\n", "Sessions[0].End : la session finit avant de commencer.")]
    [InlineData("      PricePerDay: 150\n", "      PricePerDay: -150\n", "Tariffs.Inter[1].PricePerDay : un prix ne peut pas être négatif.")]
    public void The_workflow_check_fails_on_an_invalid_commit_naming_the_file_and_the_field(string valid, string invalid, string message)
    {
        using var repo = new RepositoryCopy();
        repo.Replace(CourseFile, valid, invalid);

        var (exit, _, error) = repo.Run(PullRequestCheck());

        Assert.NotEqual(0, exit);
        Assert.Contains($"{CourseFile} — {message}", error);
    }

    [Theory]
    [InlineData("Audience", "Audience : champ obligatoire manquant.")]
    [InlineData("Prerequisites", "Prerequisites : au moins un élément est requis.")]
    [InlineData("Assessment", "Assessment : champ obligatoire manquant.")]
    public void The_workflow_check_fails_when_a_Qualiopi_fact_is_missing(string key, string message)
    {
        using var repo = new RepositoryCopy();
        repo.RemoveKey(CourseFile, key);

        var (exit, _, error) = repo.Run(PullRequestCheck());

        Assert.NotEqual(0, exit);
        Assert.Contains($"{CourseFile} — {message}", error);
    }

    [Fact]
    public void The_functions_are_published_ready_to_run_for_flex_consumptions_linux()
    {
        var deploy = Steps((YamlMappingNode)((YamlMappingNode)Workflow()["jobs"])["deploy"]).Select(s => Run(s) ?? "").ToList();
        var publish = Assert.Single(deploy, r => r.Contains("dotnet publish src/Monalisa.Functions", StringComparison.Ordinal));
        Assert.Contains("-r linux-x64", publish);
        Assert.Contains("-p:PublishReadyToRun=true", publish);
        Assert.Contains("--self-contained false", publish);
    }

    [Fact]
    public void The_workflow_checks_the_content_before_the_tests_and_every_deploy_step()
    {
        var jobs = (YamlMappingNode)Workflow()["jobs"];
        var content = (YamlMappingNode)jobs["content"];
        var checks = Steps(content).Where(s => Run(s)?.Contains("-- check") == true).ToList();
        Assert.Equal(2, checks.Count);
        // The public check (no --exemples) on main, the one the deploy job's build applies.
        Assert.Contains(checks, s => Run(s)!.TrimEnd().EndsWith("-- check") && Scalar(s, "if") == "github.event_name != 'pull_request'");
        // The deploy needs both the content check and the tests: nothing is published after a failed check. The tests
        // do not wait for the check: their results are wanted even while main's content still has placeholders.
        Assert.False(content.Children.ContainsKey("needs"));
        var needs = ((YamlSequenceNode)((YamlMappingNode)jobs["deploy"])["needs"]).Select(n => ((YamlScalarNode)n).Value).ToList();
        Assert.Equal(["content", "test"], needs);
        // In the deploy job, the live check comes before the functions are deployed and the site uploaded.
        var deploy = Steps((YamlMappingNode)jobs["deploy"]).Select(s => Run(s) ?? Scalar(s, "uses") ?? "").ToList();
        var live = deploy.FindIndex(r => r.Contains("-- check-live"));
        Assert.True(live >= 0, "the deploy job runs no check-live step");
        Assert.True(live < deploy.FindIndex(r => r.Contains("config-zip")));
        Assert.True(live < deploy.FindIndex(r => r.StartsWith("Azure/static-web-apps-deploy")));
    }

    /// <summary>The arguments of the workflow's pull-request check (after <c>dotnet run … --</c>).</summary>
    private static string[] PullRequestCheck()
    {
        var content = (YamlMappingNode)((YamlMappingNode)Workflow()["jobs"])["content"];
        var run = Steps(content).Single(s => Scalar(s, "if") == "github.event_name == 'pull_request'" && Run(s) is not null);
        var command = Run(run)!.Trim();
        Assert.StartsWith("dotnet run --project src/Monalisa.Site ", command);
        Assert.True(File.Exists(Path.Combine(RepositoryCopy.Root, "src", "Monalisa.Site", "Monalisa.Site.csproj")));
        return command[(command.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static YamlMappingNode Workflow()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(RepositoryCopy.Root, ".github", "workflows", "deploy.yml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>();

    private static string? Run(YamlMappingNode step) => Scalar(step, "run");

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>A repository as the workflow checks it out: the solution file (how the command finds site/) and site/.</summary>
    private sealed class RepositoryCopy : IDisposable
    {
        public static string Root { get; } = Path.GetDirectoryName(SiteSource.Folder)!;

        private readonly SiteCopy _site = new();

        public RepositoryCopy()
        {
            Folder = Path.Combine(Path.GetTempPath(), "monalisa-check-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            File.WriteAllText(Path.Combine(Folder, "monalisa-serverless.sln"), "");
            Directory.Move(_site.Folder, Site);
        }

        public string Folder { get; }
        public string Site => Path.Combine(Folder, "site");

        public void Replace(string file, string from, string to)
        {
            var path = Path.Combine(Folder, file);
            var text = File.ReadAllText(path).ReplaceLineEndings("\n");
            Assert.Contains(from, text);
            File.WriteAllText(path, text.Replace(from, to));
        }

        /// <summary>Removes a top-level key and its indented lines (a value on one line, a folded text or a list).</summary>
        public void RemoveKey(string file, string key)
        {
            var path = Path.Combine(Folder, file);
            var lines = File.ReadAllLines(path).ToList();
            var at = lines.FindIndex(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{key} is not in {file}");
            var end = at + 1;
            while (end < lines.Count && lines[end].StartsWith(' ')) end++;
            lines.RemoveRange(at, end - at);
            File.WriteAllLines(path, lines);
        }

        /// <summary>Runs the generator as `dotnet run` does, from the repository's root.</summary>
        public (int Exit, string Output, string Error) Run(string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Monalisa.Site.dll"));
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the check did not finish");
            return (process.ExitCode, output.Result, error.Result);
        }

        public void Dispose()
        {
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
            _site.Dispose();
        }
    }
}
