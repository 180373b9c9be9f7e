using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Monalisa.Architecture.Tests;

/// <summary>
/// Feature folders of the Functions app depend on each other one way only. Cross-cutting folders are left out on
/// purpose: Http/ and Storage/ are used by every feature, and Hosting/ is the composition root that knows them all.
/// </summary>
public sealed class FeatureRules(Xunit.Abstractions.ITestOutputHelper output)
{
    public static readonly string[] Features =
        ["Catalogue", "Tariffs", "Enrolment", "IntraRequests", "Payments", "SelfFunded", "Email", "Outbox", "Staff", "Idempotency", "Retention", "Abuse", "Identity", "Privacy", "WaitingList",
         "Documents", "Invoicing", "Conventions", "ChorusPro",
         "Attendance", "Certificates", "Surveys", "Bpf", "Cms"];

    public static TheoryData<string, string> Pairs()
    {
        var pairs = new TheoryData<string, string>();
        for (var i = 0; i < Features.Length; i++)
            for (var j = i + 1; j < Features.Length; j++)
                pairs.Add(Features[i], Features[j]);
        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Two_features_never_depend_on_each_other(string first, string second)
    {
        // Whichever way the dependency goes (if any), the other way must be free.
        var (from, to) = FeatureGraph.Edges.Contains((first, second)) ? (second, first) : (first, second);
        var rule = Types().That().ResideInNamespaceMatching(FeatureGraph.Pattern(from))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(FeatureGraph.Pattern(to)))
            .Because($"{to} already depends on {from}, or may: feature folders depend on each other one way only");

        rule.Check(Code.Monalisa);
    }

    [Fact]
    public void Features_form_no_cycle_of_any_length()
    {
        var cycle = FeatureGraph.FindCycle();

        Assert.True(cycle is null, $"Feature folders depend on each other in a cycle: {string.Join(" → ", cycle ?? [])}. "
            + $"Dependencies found: {string.Join(", ", FeatureGraph.Describe())}.");
    }

    [Fact]
    public void The_dependency_graph_sees_the_dependencies_the_design_relies_on()
    {
        foreach (var edge in FeatureGraph.Describe()) output.WriteLine(edge);

        // If the graph were empty (a loading mistake), every rule above would pass without checking anything.
        Assert.Contains(("Email", "Outbox"), FeatureGraph.Edges);
        Assert.Contains(("Enrolment", "Outbox"), FeatureGraph.Edges);
        Assert.Contains(("Payments", "Enrolment"), FeatureGraph.Edges);
        Assert.Contains(("SelfFunded", "Payments"), FeatureGraph.Edges);
    }

    [Fact]
    public void Every_folder_of_the_Functions_app_is_a_feature_or_cross_cutting()
    {
        string[] crossCutting = ["Hosting", "Http", "Storage"];
        var folders = Code.Monalisa.Namespaces
            .Select(n => n.FullName)
            .Where(n => n.StartsWith(Code.FunctionsRoot + ".", StringComparison.Ordinal))
            .Select(n => n[(Code.FunctionsRoot.Length + 1)..].Split('.')[0])
            .Distinct();

        // A new folder must be listed, or the rules above would silently ignore it.
        Assert.Empty(folders.Except(Features).Except(crossCutting));
    }
}
