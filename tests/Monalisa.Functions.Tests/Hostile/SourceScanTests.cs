using System.Diagnostics;
using System.Text.RegularExpressions;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Hostile;

/// <summary>Checks over the repository's text rather than its behaviour: how filters are built, what is committed.</summary>
public sealed partial class SourceScanTests
{
    private static string Root => RepositoryPaths.Root;

    [Fact]
    public void Every_table_query_filter_is_built_by_CreateQueryFilter_never_by_concatenation()
    {
        var offences = new List<string>();
        var calls = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(Root, file);
            foreach (Match call in QueryCall().Matches(text))
            {
                calls++;
                var argument = call.Groups["arg"].Value.Trim();
                // A lambda is translated by the SDK, which escapes the values itself.
                if (argument.Contains("=>", StringComparison.Ordinal) || argument.StartsWith("TableClient.CreateQueryFilter(", StringComparison.Ordinal)) continue;
                if (argument.StartsWith("filter:", StringComparison.Ordinal)) argument = argument["filter:".Length..].Trim();
                if (argument.Length == 0 || argument.StartsWith("select:", StringComparison.Ordinal)) continue;
                var assignment = new Regex($@"\b{Regex.Escape(argument)}\s*=\s*(?<value>[^;]+);").Matches(text);
                if (assignment.Count == 0 || assignment.Any(a => !a.Groups["value"].Value.TrimStart().StartsWith("TableClient.CreateQueryFilter(", StringComparison.Ordinal)))
                    offences.Add($"{name}: {call.Value.Trim()}");
            }
            // An OData comparison written by hand with a quoted value: the shape of an injectable filter.
            foreach (Match literal in HandWrittenFilter().Matches(text))
                offences.Add($"{name}: {literal.Value}");
        }
        Assert.True(calls >= 9, $"the scan found only {calls} queries: has the pattern stopped matching?");
        Assert.True(offences.Count == 0, "Filters not built by TableClient.CreateQueryFilter:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void No_secret_looking_string_is_committed()
    {
        var files = Git("ls-files", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(files);
        var found = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(Root, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 2_000_000) continue;
            var text = File.ReadAllText(path);
            if (text.Contains('\0')) continue; // binary
            foreach (Match secret in SecretLike().Matches(text))
            {
                if (IsKnownHarmless(secret.Value)) continue;
                found.Add($"{file}: {secret.Value[..Math.Min(secret.Value.Length, 24)]}…");
            }
        }
        Assert.True(found.Count == 0, "Secret-looking strings committed:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("sk_" + "live_51HbQ2cKx9ZtR8vYpL3mN7wQeT5uIoPaSdFgHjKlZxCvBnM")]
    [InlineData("SG" + ".ngeVfQFYQlKU0ufo8x5d1A.TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prod;Account" + "Key=q0nYz1Ck2mT3aR4bS5cU6dV7eW8fX9gY0hZ1iA2jB3kC4lD5mE6nF7oG8pH9qI0rJ1sK2tL3uM4vN5wO6xP7yQ==")]
    [InlineData("-----BEGIN RSA " + "PRIVATE KEY-----")]
    // The samples are split in the source so that the scan above does not find them here.
    public void The_secret_scan_recognises_real_looking_keys(string secret) =>
        Assert.Contains(SecretLike().Matches(secret), m => !IsKnownHarmless(m.Value));

    /// <summary>Azurite's documented development key, and test values that say they are fake.</summary>
    private static bool IsKnownHarmless(string match) =>
        match.Contains("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", StringComparison.Ordinal)
        || Regex.IsMatch(match, "(?i)fake|stub|dummy|example|placeholder|x{6,}|0{8,}|1234567");

    private static string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return output;
    }

    [GeneratedRegex(@"\.Query(Async)?<[^>]+>\(\s*(?<arg>[^,)]*)")]
    private static partial Regex QueryCall();

    [GeneratedRegex(@"""[^""\n]*\b(PartitionKey|RowKey|Timestamp|[A-Z][A-Za-z]+)\s+(eq|ne|gt|ge|lt|le)\s+'[^""\n]*""")]
    private static partial Regex HandWrittenFilter();

    [GeneratedRegex(@"\b(sk|rk)_(live|test)_[A-Za-z0-9]{24,}|\bwhsec_[A-Za-z0-9]{24,}|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|AccountKey=[A-Za-z0-9+/]{40,}={0,2}|-----BEGIN ([A-Z]+ )?PRIVATE KEY-----")]
    private static partial Regex SecretLike();
}
