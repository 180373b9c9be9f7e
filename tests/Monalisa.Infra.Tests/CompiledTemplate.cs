using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Monalisa.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once by the real Bicep CLI, as ARM JSON, in the build run the compiler tests share.
/// Modules compile to nested deployments; every resource is listed with the template (module) that declares it, so
/// variables and parameters can be resolved.
/// </summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<Task<CompiledTemplate>> Main = new(CompileMainAsync);

    public static Task<CompiledTemplate> LoadAsync() => Main.Value;

    private CompiledTemplate(string json)
    {
        Json = json;
        Root = JsonNode.Parse(json)!.AsObject();
        Resources = [.. ResourcesOf(Root, module: "main")];
    }

    public string Json { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The expression main.bicep passes to a module's parameter (modules compile to deployments named after them).</summary>
    public string ModuleParameter(string module, string parameter)
    {
        var deployment = Assert.Single(TopLevel(), r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && Unquote(r["name"]!.GetValue<string>()) == module);
        // Usually { "value": expr }; a conditional value compiles to one expression building that object.
        var passed = deployment["properties"]!["parameters"]![parameter]!;
        return passed is JsonObject wrapped ? wrapped["value"]!.ToString() : passed.GetValue<string>();
    }

    private IEnumerable<JsonObject> TopLevel() => Root["resources"] switch
    {
        JsonArray array => array.Select(r => r!.AsObject()),
        JsonObject map => map.Select(p => p.Value!.AsObject()),
        _ => [],
    };

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource Single(string type) => Assert.Single(OfType(type));

    /// <summary>The Function App's app settings, from its <c>config/appsettings</c> resource.</summary>
    public JsonObject AppSettings() =>
        Assert.Single(OfType("Microsoft.Web/sites/config"), r => r.Name.Contains("appsettings", StringComparison.Ordinal)).Properties;

    /// <summary>main.json from the shared build of every template (<see cref="BicepRuns"/>): no second compilation.</summary>
    private static async Task<CompiledTemplate> CompileMainAsync()
    {
        var build = await BicepRuns.TemplatesAsync();
        Assert.True(build.IsCleanFor("main.bicep"), build.Describe("main.bicep"));
        return new CompiledTemplate(build.OutputOf("main.bicep") ?? throw new InvalidOperationException($"{build.Command} wrote no main.json."));
    }

    private static IEnumerable<ArmResource> ResourcesOf(JsonObject template, string module)
    {
        // Symbolic-name templates (languageVersion 2.0) hold resources in an object, classic ones in an array.
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            var type = resource["type"]!.GetValue<string>();
            if (type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesOf(nested, module: Unquote(resource["name"]!.GetValue<string>())))
                    yield return inner;
                continue;
            }
            yield return new ArmResource(module, template, resource);
        }
    }

    /// <summary>Deployment names are literal strings in the Bicep ('storage'), so they appear as is.</summary>
    private static string Unquote(string name) => name.Trim('[', ']', '\'');
}

/// <summary>One ARM resource, with the template that declares it (for its variables).</summary>
internal sealed partial record ArmResource(string Module, JsonObject Template, JsonObject Node)
{
    public string Type => Node["type"]!.GetValue<string>();

    public string Name => Node["name"]!.GetValue<string>();

    public JsonObject Properties => Node["properties"]!.AsObject();

    public string? Scope => Node["scope"]?.GetValue<string>();

    public string? Condition => Node["condition"]?.GetValue<string>();

    /// <summary>Resolves <c>variables('x').y</c> and <c>variables('x')</c> against the declaring template's variables.</summary>
    public string Resolve(string expression) =>
        VariableReference().Replace(expression, m =>
        {
            var value = Template["variables"]![m.Groups["name"].Value]!;
            if (m.Groups["member"].Success) value = value[m.Groups["member"].Value]!;
            return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        });

    [GeneratedRegex(@"variables\('(?<name>\w+)'\)(\.(?<member>\w+))?")]
    private static partial Regex VariableReference();
}
