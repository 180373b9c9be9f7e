using System.Text.Json;
using Monalisa.Content;
using Monalisa.Site.Cms;
using YamlDotNet.RepresentationModel;

namespace Monalisa.Site.Tests;

/// <summary>/admin/'s config.yml is generated from the content schema: the form offers exactly what the reader accepts.</summary>
public sealed class CmsConfigTests
{
    [Fact]
    public void The_cms_fields_equal_the_content_schema()
    {
        Assert.Empty(Differences(CourseSchema.Fields, CourseFields(GeneratedConfig())));
    }

    [Fact]
    public void The_comparison_names_a_key_the_cms_does_not_offer_and_one_the_reader_does_not_accept()
    {
        var fields = CourseFields(GeneratedConfig());
        var sessions = (YamlSequenceNode)((YamlMappingNode)fields.Children.OfType<YamlMappingNode>().Single(f => Name(f) == CourseKeys.Sessions))["fields"];
        var capacity = sessions.Children.OfType<YamlMappingNode>().Single(f => Name(f) == CourseKeys.Capacity);
        sessions.Children.Remove(capacity);
        sessions.Children.Add(new YamlMappingNode { { "name", "Price" }, { "widget", "number" }, { "required", "false" } });

        var differences = Differences(CourseSchema.Fields, fields);

        Assert.Contains(differences, d => d.Contains("Sessions.Capacity") && d.Contains("not offered"));
        Assert.Contains(differences, d => d.Contains("Sessions.Price") && d.Contains("not accepted"));
    }

    /// <summary>
    /// The schema's « required » is the reader's: each key of the real course, removed, is reported by the reader
    /// (under its own name) exactly when the schema — and so the form — marks it required.
    /// </summary>
    [Fact]
    public void A_key_the_schema_marks_required_is_one_the_reader_refuses_to_miss()
    {
        var path = Path.Combine(SiteSource.Folder, "input", "courses", SiteSource.RealSlug + ".md");
        var (yaml, body) = FrontMatter.Split(File.ReadAllText(path));
        var checkedKeys = 0;
        foreach (var (field, location) in Walk(CourseSchema.Fields, "", ""))
        {
            var document = Load(yaml);
            if (!Remove(document, location)) continue;
            checkedKeys++;
            var errors = ReaderErrors(path, document, body);
            var reported = errors.Any(e => e.Field == location || e.Field.StartsWith(location + ".", StringComparison.Ordinal) || e.Field.StartsWith(location + "[", StringComparison.Ordinal));
            Assert.True(reported == field.Required, $"{location}: schema says required={field.Required}, the reader {(reported ? "reports" : "does not report")} it missing ({string.Join("; ", errors)}).");
        }
        Assert.True(checkedKeys > 40, $"only {checkedKeys} keys checked");
    }

    [Fact]
    public void Every_course_field_has_a_french_label()
    {
        var labels = CmsLabels.Load(Path.Combine(SiteSource.Folder, "theme", CmsPipeline.Folder, CmsLabels.FileName));
        var missing = Walk(CourseSchema.Fields, "", "").Select(w => Dotted(w.Location)).Distinct().Where(p => !labels.Labels.ContainsKey(p)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void The_backend_signs_in_through_the_functions_app_and_commits_to_the_given_repository()
    {
        using var site = new SiteCopy();
        SiteBuilder.Build(site.Options with { ApiBaseUrl = "https://api.monalisa.example/base/", CmsRepository = "monalisa-asso/formations" });
        var backend = (YamlMappingNode)Load(File.ReadAllText(Path.Combine(site.Output, "admin", "config.yml")))["backend"];
        Assert.Equal("github", backend["name"].ToString());
        Assert.Equal("monalisa-asso/formations", backend["repo"].ToString());
        Assert.Equal("https://api.monalisa.example", backend["base_url"].ToString());
        Assert.Equal("base/cms/auth", backend["auth_endpoint"].ToString());
        Assert.Equal("api/cms/auth", ((YamlMappingNode)GeneratedConfig()["backend"])["auth_endpoint"].ToString());
    }

    [Fact]
    public void The_legal_pages_and_the_settings_are_editable_and_placeholders_carry_a_hint()
    {
        var collections = ((YamlSequenceNode)GeneratedConfig()["collections"]).Children.Cast<YamlMappingNode>().ToDictionary(Name);
        var pages = ((YamlSequenceNode)collections[CmsConfig.PagesCollection]["files"]).Children.Cast<YamlMappingNode>();
        // Paths from the folder above site/ (the repository's root, where decap-server and GitHub resolve them).
        var site = Path.GetFileName(Path.GetDirectoryName(GeneratedSite.Output))!;
        Assert.Equal([$"{site}/input/mentions-legales.md", $"{site}/input/accessibilite.md", $"{site}/input/donnees-personnelles.md"],
            pages.Select(p => p["file"].ToString()));
        var settings = (YamlMappingNode)((YamlSequenceNode)collections[CmsConfig.SettingsCollection]["files"]).Children.Single();
        Assert.Equal($"{site}/settings.yml", settings["file"].ToString());
        var legal = (YamlSequenceNode)((YamlSequenceNode)settings["fields"]).Children.Cast<YamlMappingNode>().Single(f => Name(f) == "Legal")["fields"];
        var siret = legal.Children.Cast<YamlMappingNode>().Single(f => Name(f) == "Siret");
        Assert.Contains("provisoire", siret["hint"].ToString());
        Assert.DoesNotContain(legal.Children.Cast<YamlMappingNode>().Single(f => Name(f) == "Vat").Children, c => c.Key.ToString() == "hint");
    }

    [Fact]
    public void The_editor_is_self_hosted_with_its_bundle_in_a_folder_named_by_its_hash()
    {
        var admin = Path.Combine(GeneratedSite.Output, "admin");
        var html = File.ReadAllText(Path.Combine(admin, "index.html"));
        var bundle = Assert.Single(Directory.GetDirectories(admin, "decap-*"));
        Assert.Matches(@"decap-[0-9a-f]{10}$", bundle);
        Assert.Contains($"<script src=\"/admin/{Path.GetFileName(bundle)}/decap-cms.js\"></script>", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script>", html);
        Assert.True(File.Exists(Path.Combine(bundle, "decap-cms.js")));
    }

    [Fact]
    public void Without_node_modules_the_build_says_to_run_npm_ci()
    {
        using var site = new SiteCopy();
        var e = Assert.Throws<ContentException>(() => SiteBuilder.Build(site.Options with { CmsBundle = Path.Combine(site.Folder, "node_modules-absent") }));
        Assert.Contains("npm ci", Assert.Single(e.Errors).Message);
        Assert.False(Directory.Exists(site.Output));
    }

    [Fact]
    public void The_admin_pages_get_their_own_csp_and_the_rest_of_the_site_keeps_the_strict_one()
    {
        using var site = new SiteCopy();
        SiteBuilder.Build(site.Options with { ApiBaseUrl = "https://api.monalisa.example/base/" });
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(site.Output, "staticwebapp.config.json")));
        var routes = config.RootElement.GetProperty("routes").EnumerateArray().ToList();
        var withCsp = routes.Where(r => r.TryGetProperty("headers", out var h) && h.TryGetProperty("Content-Security-Policy", out _)).ToList();
        var admin = Assert.Single(withCsp);
        Assert.Equal("/admin/*", admin.GetProperty("route").GetString());
        var csp = admin.GetProperty("headers").GetProperty("Content-Security-Policy").GetString()!;
        // Decap injects its styles (emotion): inline styles only, never inline or evaluated scripts.
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("connect-src 'self' https://api.monalisa.example https://api.github.com;", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        // The bundle's hashed folder is matched first: cached for a year, like /assets.
        var bundle = routes.FindIndex(r => r.GetProperty("route").GetString() == "/admin/decap-*");
        Assert.True(bundle >= 0 && bundle < routes.IndexOf(admin));
        Assert.Equal("public, max-age=31536000, immutable", routes[bundle].GetProperty("headers").GetProperty("Cache-Control").GetString());
        Assert.Equal("text/yaml; charset=utf-8", config.RootElement.GetProperty("mimeTypes").GetProperty(".yml").GetString());
    }

    /// <summary>Each schema key missing from the CMS, each CMS field the reader would refuse, each required flag that differs.</summary>
    private static List<string> Differences(IReadOnlyList<SchemaField> schema, YamlSequenceNode cms, string parent = "")
    {
        var differences = new List<string>();
        var offered = cms.Children.Cast<YamlMappingNode>().Where(f => Name(f) != CmsConfig.Body).ToDictionary(Name);
        foreach (var field in schema)
        {
            var path = parent + field.Name;
            if (!offered.TryGetValue(field.Name, out var widget))
            {
                differences.Add($"{path}: accepted by the reader, not offered by the CMS");
                continue;
            }
            if (bool.Parse(widget["required"].ToString()) != field.Required)
                differences.Add($"{path}: required={field.Required} in the schema, {widget["required"]} in the CMS");
            if (field.Children.Count > 0)
                differences.AddRange(Differences(field.Children, (YamlSequenceNode)widget["fields"], path + "."));
        }
        differences.AddRange(offered.Keys.Where(k => schema.All(f => f.Name != k)).Select(k => $"{parent}{k}: offered by the CMS, not accepted by the reader"));
        return differences;
    }

    private static YamlMappingNode GeneratedConfig() => Load(File.ReadAllText(Path.Combine(GeneratedSite.Output, "admin", "config.yml")));

    private static YamlSequenceNode CourseFields(YamlMappingNode config) =>
        (YamlSequenceNode)((YamlSequenceNode)config["collections"]).Children.Cast<YamlMappingNode>().Single(c => Name(c) == CmsConfig.CoursesCollection)["fields"];

    private static string Name(YamlMappingNode node) => node["name"].ToString();

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Every schema key with its location in a course file, the first element standing for a list (Sessions[0].City).</summary>
    private static IEnumerable<(SchemaField Field, string Location)> Walk(IReadOnlyList<SchemaField> fields, string parent, string separator)
    {
        foreach (var field in fields)
        {
            var location = parent + separator + field.Name;
            yield return (field, location);
            var inner = field.Kind == FieldKind.ObjectList ? location + "[0]" : location;
            foreach (var child in Walk(field.Children, inner, "."))
                yield return child;
        }
    }

    private static string Dotted(string location) => location.Replace("[0]", "", StringComparison.Ordinal);

    /// <summary>Removes the key at a location; false when the real course has nothing there (an optional key it leaves out).</summary>
    private static bool Remove(YamlMappingNode document, string location)
    {
        YamlNode node = document;
        var parts = location.Split('.');
        foreach (var part in parts[..^1])
        {
            var (key, index) = part.EndsWith("[0]", StringComparison.Ordinal) ? (part[..^3], true) : (part, false);
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next)) return false;
            node = index ? next is YamlSequenceNode { Children.Count: > 0 } list ? list.Children[0] : null! : next;
            if (node is null) return false;
        }
        return node is YamlMappingNode last && last.Children.Remove(new YamlScalarNode(parts[^1]));
    }

    private static IReadOnlyList<ContentError> ReaderErrors(string path, YamlMappingNode document, string body)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
        var yaml = writer.ToString().Replace("...", "", StringComparison.Ordinal);
        try
        {
            CourseReader.Read(path, "---\n" + yaml + "---\n" + body);
            return [];
        }
        catch (ContentException e)
        {
            return e.Errors;
        }
    }
}
