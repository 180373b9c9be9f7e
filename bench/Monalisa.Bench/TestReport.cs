using System.Globalization;
using System.Text;
using System.Xml.Linq;

/// <summary>
/// Turns the TRX files of one run of the journey, fault and hostile-input tests into the tables of docs/quality.md:
/// one row per test (a theory's cases on one row), its outcome, its time and the summary line it wrote.
/// </summary>
internal static class TestReport
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Which tests go in which table, by the class or namespace in their full name.</summary>
    private static readonly (string Title, string[] Markers)[] Sections =
    [
        ("Parcours dans un vrai navigateur (Chromium de Debian, hôte local + Azurite)", [".JourneyTests."]),
        ("Pannes", [".Faults."]),
        ("Entrées hostiles, secrets, en-têtes de sécurité", [".Hostile.", ".SecurityHeadersTests.", ".SiteHeadersTests."]),
    ];

    public static int Write(string outputFile, IEnumerable<string> trxFiles)
    {
        var results = trxFiles.SelectMany(file => XDocument.Load(file).Descendants(Trx + "UnitTestResult")).Select(Read).ToList();
        var md = new StringBuilder();
        foreach (var (title, markers) in Sections)
        {
            var rows = results.Where(r => markers.Any(r.FullName.Contains))
                .GroupBy(r => r.Method)
                .Select(g => new Row(g.Key, g.Count(), g.All(r => r.Outcome == "Passed") ? "réussi" : $"**{string.Join(", ", g.Select(r => r.Outcome).Distinct())}**",
                    TimeSpan.FromTicks(g.Sum(r => r.Duration.Ticks)), string.Join(" ; ", g.SelectMany(r => r.Summary).Distinct())))
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .ToList();
            md.AppendLine($"### {title}").AppendLine();
            if (rows.Count == 0)
            {
                md.AppendLine("Aucun résultat : ces tests n'ont pas tourné.").AppendLine();
                continue;
            }
            md.AppendLine("| test | résultat | durée | relevé |").AppendLine("|---|---|---:|---|");
            foreach (var row in rows)
            {
                var name = row.Name.Replace('_', ' ') + (row.Cases > 1 ? $" ({row.Cases} cas)" : "");
                md.AppendLine($"| {Cell(name)} | {row.Outcome} | {row.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s | {Cell(row.Summary)} |");
            }
            md.AppendLine();
        }
        File.WriteAllText(outputFile, md.ToString());
        return results.All(r => r.Outcome == "Passed") ? 0 : 1;
    }

    private sealed record Result(string FullName, string Method, string Outcome, TimeSpan Duration, IReadOnlyList<string> Summary);

    private sealed record Row(string Name, int Cases, string Outcome, TimeSpan Duration, string Summary);

    private static Result Read(XElement result)
    {
        var fullName = (string?)result.Attribute("testName") ?? "";
        // A theory's case is « Method(arg: value) »: its arguments (fake keys for the secret scan…) stay out of the docs.
        var bare = fullName.Split('(')[0];
        var method = bare[(bare.LastIndexOf('.') + 1)..];
        var duration = TimeSpan.TryParse((string?)result.Attribute("duration"), CultureInfo.InvariantCulture, out var d) ? d : TimeSpan.Zero;
        // The lines a test writes for this report start at the margin; indented ones are details.
        var output = (string?)result.Element(Trx + "Output")?.Element(Trx + "StdOut") ?? "";
        var summary = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0])).ToList();
        return new Result(bare, method, (string?)result.Attribute("outcome") ?? "?", duration, summary);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
