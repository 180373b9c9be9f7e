using Monalisa.Domain.SelfFunded;
using YamlDotNet.RepresentationModel;

namespace Monalisa.Content;

/// <summary>
/// Reads the contract's organisation facts from settings.yml: the file itself for the site generator, the copy compiled
/// into this library for the functions. Same keys as the site's SettingsKeys; unknown keys are ignored here.
/// </summary>
public static class ContractPartiesReader
{
    public const string ResourceName = "settings.yml";

    public static ContractParties Parse(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml)) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        string Get(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? (scalar.Value ?? "").Trim() : "";
        var legal = root.Children.TryGetValue(new YamlScalarNode("Legal"), out var l) && l is YamlMappingNode lm ? lm : new YamlMappingNode();
        var contact = root.Children.TryGetValue(new YamlScalarNode("Contact"), out var c) && c is YamlMappingNode cm ? cm : new YamlMappingNode();
        return new ContractParties(Get(legal, "Name"), Get(legal, "Address"), Get(legal, "Siret"), Get(legal, "TrainingDeclaration"),
            Get(root, "TrainersQualifications"), Get(contact, "Email"));
    }

    public static ContractParties LoadEmbedded()
    {
        using var stream = typeof(ContractPartiesReader).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("settings.yml is not embedded in Monalisa.Content.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
