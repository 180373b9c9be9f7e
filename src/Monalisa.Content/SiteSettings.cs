using Monalisa.Domain.SelfFunded;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using static Monalisa.Content.SettingsKeys;

namespace Monalisa.Content;

/// <summary>
/// Site-wide values from site/settings.yml, for the site generator (templates read them as <c>Site.*</c>) and the
/// functions (the copy compiled into this library): one reader, so the contract and its hash agree on both sides.
/// </summary>
public sealed class SiteSettings
{
    [YamlMember(Alias = SettingsKeys.SiteName)] public string SiteName { get; set; } = "";
    [YamlMember(Alias = SettingsKeys.BaseUrl)] public string BaseUrl { get; set; } = "";
    [YamlMember(Alias = SettingsKeys.ApiBaseUrl)] public string ApiBaseUrl { get; set; } = "";
    [YamlMember(Alias = SettingsKeys.Contact)] public Person Contact { get; set; } = new();
    [YamlMember(Alias = SettingsKeys.StaffEmail)] public string StaffEmail { get; set; } = "";
    [YamlMember(Alias = SettingsKeys.AccessDelay)] public string AccessDelay { get; set; } = "";
    [YamlMember(Alias = SettingsKeys.Accessibility)] public Person Accessibility { get; set; } = new();
    [YamlMember(Alias = SettingsKeys.TrainersQualifications)] public string TrainersQualifications { get; set; } = "";
    [YamlMember(Alias = SettingsKeys.Legal)] public LegalInfo Legal { get; set; } = new();

    public sealed class Person
    {
        [YamlMember(Alias = SettingsKeys.Name)] public string Name { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.Email)] public string Email { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.Phone)] public string Phone { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.Statement)] public string Statement { get; set; } = "";
    }

    public sealed class LegalInfo
    {
        [YamlMember(Alias = SettingsKeys.Name)] public string Name { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.Address)] public string Address { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.Siret)] public string Siret { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.TrainingDeclaration)] public string TrainingDeclaration { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.Publisher)] public string Publisher { get; set; } = "";
        [YamlMember(Alias = SettingsKeys.Host)] public string Host { get; set; } = "";
    }

    /// <summary>
    /// The legal facts the contract, the legal notice and the conditions print, by key (<c>Legal.Siret</c>…), that are
    /// empty or still marked « à compléter ». No legal document may be published while one is: the site build and the
    /// functions' start (outside the local host) fail naming them.
    /// </summary>
    public IReadOnlyList<string> MissingLegalFacts() =>
    [
        .. new (string Key, string Value)[]
        {
            ($"{SettingsKeys.Legal}.{Name}", Legal.Name),
            ($"{SettingsKeys.Legal}.{Address}", Legal.Address),
            ($"{SettingsKeys.Legal}.{Siret}", Legal.Siret),
            ($"{SettingsKeys.Legal}.{TrainingDeclaration}", Legal.TrainingDeclaration),
            ($"{SettingsKeys.Legal}.{Publisher}", Legal.Publisher),
            ($"{SettingsKeys.Contact}.{Email}", Contact.Email),
        }
        .Where(f => string.IsNullOrWhiteSpace(f.Value) || f.Value.Contains(ToComplete, StringComparison.OrdinalIgnoreCase))
        .Select(f => f.Key),
    ];

    /// <summary>The organisation's facts a self-funded trainee's contract names.</summary>
    public ContractParties ContractParties() =>
        new(Legal.Name.Trim(), Legal.Address.Trim(), Legal.Siret.Trim(), Legal.TrainingDeclaration.Trim(), TrainersQualifications.Trim(), Contact.Email.Trim());

    /// <summary>Reads and checks the settings; every missing value is reported with its key, like a course file.</summary>
    public static SiteSettings Load(string path, string displayPath) =>
        File.Exists(path)
            ? Parse(File.ReadAllText(path), displayPath)
            : throw new ContentException([new ContentError(displayPath, FileName, "fichier introuvable.")]);

    /// <summary>The settings compiled into this library: what the functions read, the same file as the site.</summary>
    public static SiteSettings LoadEmbedded()
    {
        using var stream = typeof(SiteSettings).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in Monalisa.Content.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "site/" + FileName);
    }

    public static SiteSettings Parse(string yaml, string displayPath)
    {
        SiteSettings settings;
        try
        {
            settings = new DeserializerBuilder().Build().Deserialize<SiteSettings>(yaml) ?? new SiteSettings();
        }
        catch (YamlException e)
        {
            throw new ContentException([new ContentError(displayPath, $"ligne {e.Start.Line + 1}", $"YAML illisible ou clé inconnue ({e.InnerException?.Message ?? e.Message}).")]);
        }
        settings.Check(displayPath);
        return settings;
    }

    private void Check(string file)
    {
        var errors = new List<ContentError>();
        void Require(string value, string field)
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add(new ContentError(file, field, "valeur obligatoire manquante."));
        }
        Require(SiteName, SiteName);
        Require(BaseUrl, SettingsKeys.BaseUrl);
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
            errors.Add(new ContentError(file, SettingsKeys.BaseUrl, "adresse absolue attendue (https://…)."));
        if (ApiBaseUrl.Length > 0 && !Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out _))
            errors.Add(new ContentError(file, SettingsKeys.ApiBaseUrl, "adresse absolue attendue, ou vide pour la même origine que le site."));
        Require(Contact.Name, $"{SettingsKeys.Contact}.{Name}");
        Require(Contact.Email, $"{SettingsKeys.Contact}.{Email}");
        Require(StaffEmail, SettingsKeys.StaffEmail);
        // Qualiopi: what the brochure does not say must still be published on every course page.
        Require(AccessDelay, SettingsKeys.AccessDelay);
        Require(Accessibility.Name, $"{SettingsKeys.Accessibility}.{Name}");
        Require(Accessibility.Email, $"{SettingsKeys.Accessibility}.{Email}");
        Require(Accessibility.Statement, $"{SettingsKeys.Accessibility}.{Statement}");
        Require(TrainersQualifications, SettingsKeys.TrainersQualifications);
        Require(Legal.Name, $"{SettingsKeys.Legal}.{Name}");
        Require(Legal.Address, $"{SettingsKeys.Legal}.{Address}");
        Require(Legal.Publisher, $"{SettingsKeys.Legal}.{Publisher}");
        Require(Legal.Host, $"{SettingsKeys.Legal}.{Host}");
        if (errors.Count > 0) throw new ContentException(errors);
        BaseUrl = BaseUrl.TrimEnd('/');
        ApiBaseUrl = ApiBaseUrl.TrimEnd('/');
    }
}
