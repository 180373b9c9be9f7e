using ArchUnitNET.Domain;

namespace Monalisa.Architecture.Tests;

/// <summary>Which feature's types use which other feature's types, from the compiled code.</summary>
internal static class FeatureGraph
{
    public static string Pattern(string feature) => $@"^{Code.FunctionsRoot}\.{feature}(\..*)?$";

    public static readonly IReadOnlySet<(string From, string To)> Edges = Build();

    public static IEnumerable<string> Describe() => Edges.OrderBy(e => e.From).ThenBy(e => e.To).Select(e => $"{e.From} → {e.To}");

    /// <summary>A cycle as a path that ends where it starts, or null.</summary>
    public static List<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(); // 1: on the current path, 2: done
        var path = new List<string>();
        foreach (var start in FeatureRules.Features)
            if (Visit(start, state, path) is { } cycle) return cycle;
        return null;
    }

    private static List<string>? Visit(string feature, Dictionary<string, int> state, List<string> path)
    {
        if (state.GetValueOrDefault(feature) == 2) return null;
        if (state.GetValueOrDefault(feature) == 1) return [.. path.SkipWhile(f => f != feature), feature];
        state[feature] = 1;
        path.Add(feature);
        foreach (var (_, to) in Edges.Where(e => e.From == feature))
            if (Visit(to, state, path) is { } cycle) return cycle;
        path.RemoveAt(path.Count - 1);
        state[feature] = 2;
        return null;
    }

    private static HashSet<(string, string)> Build()
    {
        var edges = new HashSet<(string, string)>();
        foreach (var type in Code.Monalisa.Types)
        {
            if (FeatureOf(type) is not { } from) continue;
            foreach (var dependency in type.Dependencies)
                if (FeatureOf(dependency.Target) is { } to && to != from) edges.Add((from, to));
        }
        return edges;
    }

    private static string? FeatureOf(IType? type)
    {
        // Generic parameters and some compiler-made types have no namespace.
        var name = type?.Namespace?.FullName;
        if (name is null || !name.StartsWith(Code.FunctionsRoot + ".", StringComparison.Ordinal)) return null;
        var folder = name[(Code.FunctionsRoot.Length + 1)..].Split('.')[0];
        return FeatureRules.Features.Contains(folder) ? folder : null;
    }
}
