using System.Reflection;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Monalisa.Functions.Hosting;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Hosting;

/// <summary>
/// Architecture rule: the Functions assembly, which is what Azure runs, holds nothing that only the local host uses.
/// The local host registers its stand-ins over the Functions app's services; the Functions app never knows about them.
/// </summary>
public sealed class LocalHostOnlyRuleTests
{
    private static readonly System.Reflection.Assembly Functions = typeof(ServiceCollectionExtensions).Assembly;
    private static readonly System.Reflection.Assembly LocalHost = typeof(LocalHostProgram).Assembly;

    private static readonly Architecture Architecture = new ArchLoader().LoadAssemblies(Functions, LocalHost).Build();

    [Fact]
    public void No_type_of_the_functions_app_is_used_only_by_the_local_host()
    {
        var types = Architecture.Types.ToList();
        var entryPoint = UsedByEntryPoint();
        bool InFunctions(IType t) => t.Assembly.FullName == Functions.FullName;
        bool InLocalHost(IType t) => t.Assembly.FullName == LocalHost.FullName;

        var localOnly =
            from type in types.Where(InFunctions)
            // Users other than the type itself and the types nested in it (lambdas, state machines).
            let users = types.Where(u => !SameOrNested(u, type) && u.Dependencies.Any(d => d.Target.FullName == type.FullName)).ToList()
            where users.Any(InLocalHost) && !users.Any(InFunctions) && !entryPoint.Contains(type.FullName)
            select $"{type.FullName} (used by {string.Join(", ", users.Select(u => u.Name).Distinct().Order())})";

        Assert.True(!localOnly.Any(), "Only the local host uses these types of Monalisa.Functions; move them to Monalisa.LocalHost:\n" + string.Join("\n", localOnly));
    }

    [Fact]
    public void No_type_or_setting_of_the_functions_app_names_the_local_host_or_its_stand_ins()
    {
        string[] words = ["LocalHost", "Offline", "_dev", "StandIn"];
        var types = Functions.GetTypes().Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)));
        var names = types.Select(t => t.FullName!)
            .Concat(from t in types
                    from f in t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    where f.IsLiteral && f.FieldType == typeof(string)
                    select $"{t.Name}.{f.Name} = \"{f.GetRawConstantValue()}\"");
        var offending = names.Where(n => words.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.True(offending.Count == 0, "Monalisa.Functions names the local host or its stand-ins:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void No_route_or_text_of_the_functions_app_reaches_the_local_tools()
    {
        // Every string literal in the Functions assembly's code (routes are in attributes: read below), so that
        // /_dev/, /_dev/clock or any other local tool cannot be reached, linked or named from what Azure runs.
        using var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(Functions.Location);
        var literals = from type in assembly.MainModule.GetTypes()
                       from method in type.Methods
                       where method.HasBody
                       from instruction in method.Body.Instructions
                       where instruction.OpCode == Mono.Cecil.Cil.OpCodes.Ldstr
                       select $"{type.Name}.{method.Name}: \"{instruction.Operand}\"";
        var routes = from type in Functions.GetTypes()
                     from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                     from parameter in method.GetParameters()
                     from attribute in parameter.GetCustomAttributes<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>()
                     select $"{type.Name}.{method.Name}: route \"{attribute.Route}\"";
        var offending = literals.Concat(routes).Where(s => s.Contains("_dev", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.True(offending.Count == 0, "Monalisa.Functions reaches the local tools:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void The_clock_the_local_tools_move_exists_only_in_the_local_host()
    {
        Assert.DoesNotContain(Functions.GetTypes(), t => t.IsSubclassOf(typeof(TimeProvider)));
        Assert.Contains(LocalHost.GetTypes(), t => t.IsSubclassOf(typeof(TimeProvider)));
    }

    /// <summary>
    /// Types the Functions entry point calls. ArchUnitNET skips the compiler-generated <c>&lt;Main&gt;$</c> of top-level
    /// statements, so its calls are read from the IL with Mono.Cecil, which ArchUnitNET itself loads assemblies with.
    /// </summary>
    private static HashSet<string> UsedByEntryPoint()
    {
        using var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(Functions.Location);
        return [.. assembly.EntryPoint.Body.Instructions
            .Select(i => i.Operand)
            .OfType<Mono.Cecil.MemberReference>()
            .Select(m => m.DeclaringType?.FullName)
            .OfType<string>()];
    }

    private static bool SameOrNested(IType candidate, IType type) =>
        candidate.FullName == type.FullName
        || candidate.FullName.StartsWith(type.FullName + "+", StringComparison.Ordinal)
        || candidate.FullName.StartsWith(type.FullName + "/", StringComparison.Ordinal);
}
