using Monalisa.Content;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Monalisa.Domain.Enrolment;
using Monalisa.Site.Views;

namespace Monalisa.Site;

/// <summary>What a page's head and the layout need besides its body.</summary>
internal sealed record PageMeta(string Title, string Description, string Url)
{
    public bool NoIndex { get; init; }
    public string OgType { get; init; } = "website";
    public string? JsonLd { get; init; }
    /// <summary>True on form pages: the layout publishes the server's messages and limits for the script.</summary>
    public bool HasForm { get; init; }
    public string? Layout { get; init; }
}

/// <summary>Shared by the pipelines of one build: options, settings, templates, assets and the courses.</summary>
internal sealed class SiteContext(SiteOptions options, SiteSettings settings, Templates templates, AssetMap assets, IReadOnlyList<CourseView> courses)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public SiteOptions Options { get; } = options;
    public SiteSettings Settings { get; } = settings;
    public Templates Templates { get; } = templates;
    public AssetMap Assets { get; } = assets;
    public IReadOnlyList<CourseView> Courses { get; } = courses;

    /// <summary>The courses as the templates see them, converted once for every page (see <see cref="Templates.Prepare"/>).</summary>
    private readonly Fluid.Values.FluidValue _coursesValue = templates.Prepare(courses);

    /// <summary>The organisation's facts for the self-funded contract, from the same settings.yml the functions embed.</summary>
    public Monalisa.Domain.SelfFunded.ContractParties ContractParties { get; } = settings.ContractParties();

    /// <summary>
    /// The API's French messages and field limits, written once in Monalisa.Domain, as JSON for the forms' script:
    /// the browser shows exactly the words the server would.
    /// </summary>
    public static string FormContract { get; } = JsonSerializer.Serialize(new
    {
        messages = EnrolmentMessages.All,
        limits = typeof(FieldLimits).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!),
    }, Json);

    public Dictionary<string, object?> Model(PageMeta meta) => new()
    {
        ["Site"] = Settings,
        ["Api"] = Settings.ApiBaseUrl,
        ["Assets"] = Assets,
        ["Courses"] = _coursesValue,
        ["Page"] = meta,
        ["Limits"] = new Limits(),
        // The self-funded schedule's numbers (withdrawal days, first charge, first instalment), for the conditions page.
        ["ContractRule"] = new ContractRule(),
    };

    /// <summary>Wraps a body in the layout and writes it where its URL points (<c>/a/b/</c> → <c>a/b/index.html</c>).</summary>
    public GeneratedPage Write(PageMeta meta, string body, DateOnly? lastModified = null)
    {
        var model = Model(meta);
        model["Content"] = body;
        model["Canonical"] = Settings.BaseUrl + meta.Url;
        model["FormContract"] = meta.HasForm ? FormContract : null;
        var html = Templates.RenderTheme(meta.Layout ?? Templates.DefaultLayout, model);
        var relative = meta.Url.EndsWith('/') ? meta.Url.TrimStart('/') + "index.html" : meta.Url.TrimStart('/');
        var file = Path.Combine(Options.Output, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, html);
        return new GeneratedPage(meta.Url, file, meta.NoIndex, lastModified);
    }

    /// <summary>FieldLimits for the templates' maxlength attributes.</summary>
    internal sealed class Limits
    {
        public int Name => FieldLimits.Name;
        public int Email => FieldLimits.Email;
        public int Phone => FieldLimits.Phone;
        public int Organisation => FieldLimits.Organisation;
        public int JobTitle => FieldLimits.JobTitle;
        public int Address => FieldLimits.Address;
        public int Reference => FieldLimits.Reference;
        public int LongText => FieldLimits.LongText;
        public int MaxTrainees => FieldLimits.MaxTraineesPerEnrolment;
        public int MaxIntraParticipants => FieldLimits.MaxIntraParticipants;
    }
}
