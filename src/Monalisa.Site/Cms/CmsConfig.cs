using Monalisa.Content;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Monalisa.Site.Cms;

/// <summary>Where the CMS commits and signs in, decided by the build (see <see cref="SiteOptions"/>).</summary>
internal sealed record CmsBackend(string Repository, string Branch, string BaseUrl, string AuthEndpoint, string? LocalBackendUrl);

/// <summary>
/// Decap CMS's config.yml, generated: the course form from <see cref="CourseSchema"/> (the keys the reader accepts, what
/// each holds and whether it is required), the legal pages, and site/settings.yml with one field per key the file holds.
/// French labels and hints come from site/theme/admin/fields.yml; nothing here names a course field.
/// </summary>
internal static class CmsConfig
{
    public const string CoursesCollection = "courses";
    public const string PagesCollection = "pages";
    public const string SettingsCollection = "settings";
    /// <summary>Decap's name for the Markdown after the front matter.</summary>
    public const string Body = "body";

    /// <summary>The pages staff may edit (site/input/&lt;name&gt;.md): the legal facts a visitor must find.</summary>
    public static readonly IReadOnlyList<string> EditablePages = ["mentions-legales", "accessibilite", "donnees-personnelles"];

    private static readonly ISerializer Yaml = new SerializerBuilder().DisableAliases().Build();

    public static string Write(CmsBackend backend, CmsLabels labels, string repositoryRoot, string inputFolder, string themeFolder, string settingsFile)
    {
        string RepoPath(string path) => Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/');
        var config = new Dictionary<string, object>
        {
            ["locale"] = "fr",
            // Straight to the branch the deploy workflow publishes from: the workflow's content check runs first.
            ["publish_mode"] = "simple",
            ["backend"] = new Dictionary<string, object>
            {
                ["name"] = "github",
                ["repo"] = backend.Repository,
                ["branch"] = backend.Branch,
                // The OAuth client served by the Functions app (« external OAuth client »: auth, then callback).
                ["base_url"] = backend.BaseUrl,
                ["auth_endpoint"] = backend.AuthEndpoint,
            },
            // Used only when the page is opened on localhost: decap-server writes the working tree, no account needed.
            ["local_backend"] = backend.LocalBackendUrl is { } url ? new Dictionary<string, object> { ["url"] = url } : true,
            ["media_folder"] = RepoPath(Path.Combine(themeFolder, AssetsPipeline.Folder)),
            ["public_folder"] = "/" + AssetsPipeline.Folder,
            ["collections"] = new List<object>
            {
                Courses(labels, RepoPath(Path.Combine(inputFolder, CourseContent.CoursesFolder))),
                Pages(labels, p => RepoPath(Path.Combine(inputFolder, p + ".md"))),
                Settings(labels, RepoPath(settingsFile), settingsFile),
            },
        };
        return "# Généré par src/Monalisa.Site (Cms/CmsConfig.cs) à partir du schéma des formations : ne pas modifier à la main.\n"
            + Yaml.Serialize(config);
    }

    private static Dictionary<string, object> Courses(CmsLabels labels, string folder) => new()
    {
        ["name"] = CoursesCollection,
        ["label"] = labels.Collection(CoursesCollection),
        ["label_singular"] = labels.Collection("course"),
        ["folder"] = folder,
        ["extension"] = "md",
        ["format"] = "frontmatter",
        ["create"] = true,
        ["identifier_field"] = CourseKeys.Title,
        // The file is named after the slug, which the reader requires (it is the page's address).
        ["slug"] = "{{fields." + CourseKeys.Slug + "}}",
        ["fields"] = CourseSchema.Fields.Select(f => Field(f, "", labels)).Append(MarkdownBody(labels)).ToList(),
    };

    private static Dictionary<string, object> Pages(CmsLabels labels, Func<string, string> file) => new()
    {
        ["name"] = PagesCollection,
        ["label"] = labels.Collection(PagesCollection),
        ["files"] = EditablePages.Select(page => (object)new Dictionary<string, object>
        {
            ["name"] = page,
            ["label"] = labels.Page(page),
            ["file"] = file(page),
            ["fields"] = new List<object>
            {
                Widget(PageKeys.Title, labels.Label(CourseKeys.Title), "string", true),
                Widget(PageKeys.Description, labels.Label(CourseKeys.Description), "text", true),
                MarkdownBody(labels),
            },
        }).ToList(),
    };

    private static Dictionary<string, object> Settings(CmsLabels labels, string repoPath, string settingsFile)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(settingsFile))) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return new()
        {
            ["name"] = SettingsCollection,
            ["label"] = labels.Collection(SettingsCollection),
            ["files"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["name"] = SettingsCollection,
                    ["label"] = labels.Collection("settings-file"),
                    ["file"] = repoPath,
                    ["format"] = "yml",
                    ["fields"] = SettingsFields(root, labels),
                },
            },
        };
    }

    /// <summary>One field per key the file holds; a value still « à compléter » carries the hint that says so.</summary>
    private static List<object> SettingsFields(YamlMappingNode mapping, CmsLabels labels) =>
        [.. mapping.Children.Select(pair => (object)SettingsField(((YamlScalarNode)pair.Key).Value!, pair.Value, labels))];

    private static Dictionary<string, object> SettingsField(string name, YamlNode value, CmsLabels labels)
    {
        switch (value)
        {
            case YamlMappingNode inner:
                var group = Widget(name, name, "object", false);
                group["fields"] = SettingsFields(inner, labels);
                return group;
            case YamlSequenceNode:
                var list = Widget(name, name, "list", false);
                list["field"] = Widget("item", name, "string", true);
                return list;
            default:
                var text = ((YamlScalarNode)value).Value ?? "";
                var field = bool.TryParse(text, out _) ? Widget(name, name, "boolean", false)
                    : int.TryParse(text, out _) && ((YamlScalarNode)value).Style == YamlDotNet.Core.ScalarStyle.Plain
                        ? WithNumber(Widget(name, name, "number", false), "int", null)
                    : Widget(name, name, text.Length > 90 ? "text" : "string", false);
                if (SiteSettings.IsPlaceholder(text)) field["hint"] = labels.Placeholder;
                return field;
        }
    }

    private static Dictionary<string, object> Field(SchemaField field, string parent, CmsLabels labels)
    {
        var path = parent.Length == 0 ? field.Name : parent + "." + field.Name;
        var widget = field.Kind switch
        {
            FieldKind.Text or FieldKind.Identifier => Widget(field.Name, labels.Label(path), "string", field.Required),
            FieldKind.Paragraph => Widget(field.Name, labels.Label(path), "text", field.Required),
            FieldKind.Date => Dates(Widget(field.Name, labels.Label(path), "datetime", field.Required), "YYYY-MM-DD", false),
            FieldKind.Time => Dates(Widget(field.Name, labels.Label(path), "datetime", field.Required), false, "HH:mm"),
            FieldKind.PositiveInteger => WithNumber(Widget(field.Name, labels.Label(path), "number", field.Required), "int", 1),
            FieldKind.Price => WithNumber(Widget(field.Name, labels.Label(path), "number", field.Required), "float", 0),
            FieldKind.Flag => Widget(field.Name, labels.Label(path), "boolean", field.Required),
            FieldKind.TextList => Widget(field.Name, labels.Label(path), "list", field.Required),
            FieldKind.ObjectList => Widget(field.Name, labels.Label(path), "list", field.Required),
            FieldKind.Object => Widget(field.Name, labels.Label(path), "object", field.Required),
            _ => throw new InvalidOperationException($"No widget for {field.Kind}."),
        };
        if (field.Kind == FieldKind.Flag) widget["default"] = false;
        if (field.Kind == FieldKind.Identifier)
            widget["pattern"] = new List<object> { "^[a-z0-9]+(-[a-z0-9]+)*$", labels.Kind(nameof(FieldKind.Identifier)) };
        if (field.Kind == FieldKind.TextList)
            widget["field"] = Widget("item", labels.Label(path), "string", true);
        if (field.Kind is FieldKind.Object or FieldKind.ObjectList)
            widget["fields"] = field.Children.Select(c => (object)Field(c, path, labels)).ToList();
        if (field.Kind == FieldKind.ObjectList && field.Children.Count > 1)
            widget["summary"] = labels.Summary(path) ?? string.Join(" — ", field.Children.Take(2).Select(c => "{{fields." + c.Name + "}}"));
        if (labels.Hint(path) is { } hint) widget["hint"] = hint;
        return widget;
    }

    private static Dictionary<string, object> MarkdownBody(CmsLabels labels)
    {
        var body = Widget(Body, labels.Collection(Body), "markdown", false);
        // Raw first: the pages hold HTML and Liquid ({{ Site.Legal.Name }}) that the rich-text editor would rewrite.
        body["modes"] = new List<object> { "raw", "rich_text" };
        return body;
    }

    private static Dictionary<string, object> Widget(string name, string label, string widget, bool required) => new()
    {
        ["name"] = name,
        ["label"] = label,
        ["widget"] = widget,
        // Decap's fields are required unless they say otherwise.
        ["required"] = required,
    };

    /// <summary>Native date or time inputs; the value is stored as the reader parses it (AAAA-MM-JJ, HH:mm).</summary>
    private static Dictionary<string, object> Dates(Dictionary<string, object> widget, object date, object time)
    {
        widget["format"] = date is string d ? d : (string)time;
        widget["date_format"] = date;
        widget["time_format"] = time;
        return widget;
    }

    private static Dictionary<string, object> WithNumber(Dictionary<string, object> widget, string type, int? min)
    {
        widget["value_type"] = type;
        if (min is { } m) widget["min"] = m;
        if (type == "float") widget["step"] = 0.01;
        return widget;
    }
}
