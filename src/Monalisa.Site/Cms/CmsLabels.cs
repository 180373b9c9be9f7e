using YamlDotNet.Serialization;

namespace Monalisa.Site.Cms;

/// <summary>The form's French labels and hints, from site/theme/admin/fields.yml (text lives in the theme, not in C#).</summary>
internal sealed class CmsLabels
{
    public const string FileName = "fields.yml";

    [YamlMember(Alias = "Labels")] public Dictionary<string, string> Labels { get; set; } = [];
    [YamlMember(Alias = "Hints")] public Dictionary<string, string> Hints { get; set; } = [];
    [YamlMember(Alias = "Summaries")] public Dictionary<string, string> Summaries { get; set; } = [];
    [YamlMember(Alias = "Kinds")] public Dictionary<string, string> Kinds { get; set; } = [];
    [YamlMember(Alias = "Placeholder")] public string Placeholder { get; set; } = "";
    [YamlMember(Alias = "Collections")] public Dictionary<string, string> Collections { get; set; } = [];
    [YamlMember(Alias = "Pages")] public Dictionary<string, string> Pages { get; set; } = [];

    public static CmsLabels Load(string file) =>
        new DeserializerBuilder().Build().Deserialize<CmsLabels>(File.ReadAllText(file)) ?? new CmsLabels();

    /// <summary>The label of a field by its path (<c>Sessions.City</c>), or its key when fields.yml has none.</summary>
    public string Label(string path) => Labels.GetValueOrDefault(path) ?? path[(path.LastIndexOf('.') + 1)..];

    public string? Hint(string path) => Hints.GetValueOrDefault(path);

    public string? Summary(string path) => Summaries.GetValueOrDefault(path);

    public string Kind(string kind) => Kinds.GetValueOrDefault(kind) ?? "";

    public string Collection(string name) => Collections.GetValueOrDefault(name) ?? name;

    public string Page(string name) => Pages.GetValueOrDefault(name) ?? name;
}
