using System.Reflection;
using System.Text.RegularExpressions;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.SelfFunded;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using static Monalisa.Content.SettingsKeys;

namespace Monalisa.Content;

/// <summary>
/// Site-wide values from site/settings.yml, for the site generator (templates read them as <c>Site.*</c>) and the
/// functions (the copy compiled into this library): one reader, so the contract and its hash agree on both sides.
/// </summary>
public sealed partial class SiteSettings
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
    [YamlMember(Alias = SettingsKeys.Enrolment)] public EnrolmentRules Enrolment { get; set; } = new();
    [YamlMember(Alias = SettingsKeys.Brand)] public BrandInfo Brand { get; set; } = new();
    [YamlMember(Alias = SettingsKeys.Invoicing)] public InvoicingRules Invoicing { get; set; } = new();

    /// <summary>The published inter enrolment deadline, for the catalogue the server and the sessions API decide with.</summary>
    public EnrolmentDeadline EnrolmentDeadline() => new(Enrolment.ClosesDaysBefore);

    public sealed class EnrolmentRules
    {
        /// <summary>Inter enrolment closes this many days before a session's first day (published on every course page).</summary>
        [YamlMember(Alias = SettingsKeys.ClosesDaysBefore)] public int ClosesDaysBefore { get; set; }
    }

    /// <summary>The association's look: a logo in site/theme/assets and its colours, with a neutral default.</summary>
    public sealed class BrandInfo
    {
        /// <summary>A file of site/theme/assets (its name, e.g. <c>logo.svg</c>); empty: the site name in text only.</summary>
        [YamlMember(Alias = SettingsKeys.Logo)] public string Logo { get; set; } = "";
        /// <summary>Header, headings and buttons (white text on it: keep it dark).</summary>
        [YamlMember(Alias = SettingsKeys.Colour)] public string Colour { get; set; } = DefaultColour;
        /// <summary>Links.</summary>
        [YamlMember(Alias = SettingsKeys.LinkColour)] public string LinkColour { get; set; } = DefaultLinkColour;

        public const string DefaultColour = "#1b3a66";
        public const string DefaultLinkColour = "#1a4f9c";

        /// <summary>
        /// brand.css: the colours as CSS custom properties. A file, not a style attribute, because the CSP allows styles
        /// from 'self' only; written by the site build and served by the API for its own pages, from this one place.
        /// </summary>
        public byte[] Stylesheet() =>
            System.Text.Encoding.UTF8.GetBytes($":root{{--brand:{Colour};--link:{LinkColour}}}\n.brand-logo{{vertical-align:middle}}\n");
    }

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
        /// <summary>The VAT status every price is stated with: an exemption's legal reference, or « TTC ».</summary>
        [YamlMember(Alias = SettingsKeys.Vat)] public string Vat { get; set; } = "";
        /// <summary>The association's intra-community VAT number, printed on invoices; empty when it has none.</summary>
        [YamlMember(Alias = SettingsKeys.VatNumber)] public string VatNumber { get; set; } = "";
        /// <summary>Who signs the certificates for the association (name and role): the ministry's model names them.</summary>
        [YamlMember(Alias = SettingsKeys.Representative)] public string Representative { get; set; } = "";
        /// <summary>Where the certificates are made (« Fait à »).</summary>
        [YamlMember(Alias = SettingsKeys.City)] public string City { get; set; } = "";
    }

    /// <summary>What invoices and credit notes print and when they are issued (CGI 242 nonies A, Code de commerce L441-9).</summary>
    public sealed class InvoicingRules
    {
        /// <summary>The VAT rate in percent when the association charges VAT (published prices are then TTC); empty when exempt.</summary>
        [YamlMember(Alias = SettingsKeys.VatRate)] public string VatRate { get; set; } = "";
        /// <summary>The exemption's legal reference, printed on each invoice; empty when VAT is charged.</summary>
        [YamlMember(Alias = SettingsKeys.VatExemption)] public string VatExemption { get; set; } = "";
        /// <summary>Days between the invoice date and its due date.</summary>
        [YamlMember(Alias = SettingsKeys.PaymentDays)] public int PaymentDays { get; set; }
        /// <summary>The late-payment penalty rate, in words (L441-10: at least three times the legal interest rate).</summary>
        [YamlMember(Alias = SettingsKeys.LatePenaltyRate)] public string LatePenaltyRate { get; set; } = "";
        /// <summary>IBAN and BIC printed for bank transfers.</summary>
        [YamlMember(Alias = SettingsKeys.BankDetails)] public string BankDetails { get; set; } = "";
        /// <summary>Public buyers are invoiced after the session (public accounting pays after the service), not at confirmation.</summary>
        [YamlMember(Alias = SettingsKeys.PublicBodiesAfterSession)] public bool PublicBodiesAfterSession { get; set; } = true;
        [YamlMember(Alias = SettingsKeys.InvoicePrefix)] public string InvoicePrefix { get; set; } = "F";
        [YamlMember(Alias = SettingsKeys.CreditNotePrefix)] public string CreditNotePrefix { get; set; } = "A";

        /// <summary>The VAT rate as a number, when one is set and readable.</summary>
        public decimal? Rate => decimal.TryParse(VatRate.Replace(',', '.').Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var rate) ? rate : null;
    }

    /// <summary>
    /// The legal facts the contract, the legal notice and the conditions print that are empty, and every setting, legal
    /// or not, still marked « à compléter », by key (<c>Legal.Siret</c>, <c>Contact.Phone</c>…). A visitor never sees a
    /// placeholder: the site build and the functions' start (outside the local host) fail naming them.
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
            ($"{SettingsKeys.Legal}.{Vat}", Legal.Vat),
            ($"{SettingsKeys.Contact}.{Email}", Contact.Email),
            ($"{SettingsKeys.Invoicing}.{LatePenaltyRate}", Invoicing.LatePenaltyRate),
            ($"{SettingsKeys.Invoicing}.{BankDetails}", Invoicing.BankDetails),
            // An invoice states a VAT rate or an exemption's legal reference (CGI 242 nonies A): never neither.
            ($"{SettingsKeys.Invoicing}.{VatRate} ou {SettingsKeys.Invoicing}.{VatExemption}", Invoicing.VatRate + Invoicing.VatExemption),
            // The convention de formation prints the trainers' qualifications among the means (D6353-1).
            (SettingsKeys.TrainersQualifications, TrainersQualifications),
            // The certificat de réalisation names its signatory and where it is made (arrêté du 21 décembre 2018).
            ($"{SettingsKeys.Legal}.{Representative}", Legal.Representative),
            ($"{SettingsKeys.Legal}.{City}", Legal.City),
        }
        .Where(f => string.IsNullOrWhiteSpace(f.Value))
        .Select(f => f.Key)
        .Union(Placeholders(this, "")),
    ];

    /// <summary>Every text setting, at any depth, that still carries the « à compléter » mark, by its dotted key.</summary>
    private static IEnumerable<string> Placeholders(object section, string prefix)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<YamlMemberAttribute>()?.Alias is not { } key) continue;
            var value = property.GetValue(section);
            if (value is string text && IsPlaceholder(text)) yield return prefix + key;
            else if (value is not null and not string && property.PropertyType.IsClass)
                foreach (var inner in Placeholders(value, prefix + key + "."))
                    yield return inner;
        }
    }

    /// <summary>True when a text still carries the team's « à compléter » mark.</summary>
    public static bool IsPlaceholder(string text) => text.Contains(ToComplete, StringComparison.OrdinalIgnoreCase);

    /// <summary>The organisation's facts a self-funded trainee's contract names.</summary>
    public ContractParties ContractParties() =>
        new(Legal.Name.Trim(), Legal.Address.Trim(), Legal.Siret.Trim(), Legal.TrainingDeclaration.Trim(), TrainersQualifications.Trim(), Contact.Email.Trim());

    /// <summary>The provider's facts the attestation and the certificat de réalisation print.</summary>
    public Monalisa.Domain.Certificates.CertificateProvider CertificateProvider() =>
        new(Legal.Name.Trim(), Legal.Address.Trim(), Text.LegalTemplates.WithoutLabel(Legal.Siret), Legal.TrainingDeclaration.Trim(), Legal.Representative.Trim(), Legal.City.Trim());

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
        if (Enrolment.ClosesDaysBefore is < 0 or > 60)
            errors.Add(new ContentError(file, $"{SettingsKeys.Enrolment}.{ClosesDaysBefore}", "nombre de jours attendu, de 0 à 60."));
        foreach (var (value, key) in new[] { (Brand.Colour, SettingsKeys.Colour), (Brand.LinkColour, SettingsKeys.LinkColour) })
            if (!HexColour().IsMatch(value))
                errors.Add(new ContentError(file, $"{SettingsKeys.Brand}.{key}", "couleur attendue sous la forme « #1b3a66 »."));
        if (Brand.Logo.Length > 0 && (Brand.Logo.Contains('/') || Brand.Logo.Contains('\\')))
            errors.Add(new ContentError(file, $"{SettingsKeys.Brand}.{Logo}", "nom d'un fichier de site/theme/assets attendu (ex. logo.svg), sans dossier."));
        CheckInvoicing(file, errors);
        if (errors.Count > 0) throw new ContentException(errors);
        BaseUrl = BaseUrl.TrimEnd('/');
        ApiBaseUrl = ApiBaseUrl.TrimEnd('/');
    }

    /// <summary>
    /// One VAT regime, stated once: a rate or an exemption, never both, and the wording printed next to every published
    /// price (<c>Legal.Vat</c>) must say the same thing as the invoices (« TTC » with a rate, the exemption otherwise).
    /// </summary>
    private void CheckInvoicing(string file, List<ContentError> errors)
    {
        var key = $"{SettingsKeys.Invoicing}.";
        var hasRate = !string.IsNullOrWhiteSpace(Invoicing.VatRate);
        var hasExemption = !string.IsNullOrWhiteSpace(Invoicing.VatExemption);
        if (hasRate && hasExemption)
            errors.Add(new ContentError(file, key + VatRate, $"un taux de TVA ou une exonération ({key}{VatExemption}), pas les deux."));
        if (hasRate && Invoicing.Rate is not (> 0 and < 100))
            errors.Add(new ContentError(file, key + VatRate, "taux en pourcentage attendu (ex. 20), ou vide en cas d'exonération."));
        if (hasRate && Legal.Vat.Trim() != "TTC")
            errors.Add(new ContentError(file, $"{SettingsKeys.Legal}.{Vat}", $"« TTC » attendu : les factures appliquent la TVA ({key}{VatRate})."));
        if (hasExemption && !SettingsKeys.ToComplete.Equals(Invoicing.VatExemption, StringComparison.OrdinalIgnoreCase) && Legal.Vat.Trim() != Invoicing.VatExemption.Trim())
            errors.Add(new ContentError(file, $"{SettingsKeys.Legal}.{Vat}", $"la même mention que {key}{VatExemption} attendue : les prix publiés et les factures disent le même régime de TVA."));
        if (Invoicing.PaymentDays is < 0 or > 60)
            errors.Add(new ContentError(file, key + PaymentDays, "nombre de jours attendu, de 0 à 60 (L441-10 : 60 jours au plus)."));
        foreach (var (value, name) in new[] { (Invoicing.InvoicePrefix, InvoicePrefix), (Invoicing.CreditNotePrefix, CreditNotePrefix) })
            if (!Prefix().IsMatch(value))
                errors.Add(new ContentError(file, key + name, "une à quatre lettres majuscules attendues (ex. F)."));
        if (Invoicing.InvoicePrefix == Invoicing.CreditNotePrefix)
            errors.Add(new ContentError(file, key + CreditNotePrefix, "un préfixe différent de celui des factures attendu : deux séries distinctes."));
    }

    [GeneratedRegex("^[A-Z]{1,4}$")]
    private static partial Regex Prefix();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();
}
