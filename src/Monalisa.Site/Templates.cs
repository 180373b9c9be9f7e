using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;
using Monalisa.Content;
using Monalisa.Content.Text;

namespace Monalisa.Site;

/// <summary>
/// Liquid (Fluid) templates from site/theme: layouts and partials (files starting with "_"), included with
/// <c>{% include '_name' %}</c>. Output is HTML-encoded unless a template writes <c>| raw</c>.
/// </summary>
internal sealed class Templates
{
    public const string DefaultLayout = "_layout";
    public const string Extension = ".liquid";

    // French letters stay as they are; only what HTML needs escaped is escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly FluidParser Parser = new();

    private readonly string _themeFolder;
    private readonly TemplateOptions _options;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);

    public Templates(string themeFolder)
    {
        _themeFolder = themeFolder;
        // The same French filters as the emails and the contract (fr_date, fr_range, euros, plural…).
        _options = FrenchFilters.Options(new PhysicalFileProvider(Path.GetFullPath(themeFolder)));
    }

    /// <summary>
    /// Converts a value for the templates once. A list handed to a model is otherwise converted again on every page
    /// (each item wrapped): with the catalogue's courses on every page, the build grew with pages × courses.
    /// </summary>
    public FluidValue Prepare(object? value) => FluidValue.Create(value, _options);

    /// <summary>Renders a theme template by name (without extension).</summary>
    public string RenderTheme(string name, IReadOnlyDictionary<string, object?> model)
    {
        var path = Path.Combine(_themeFolder, name + Extension);
        var template = _cache.GetOrAdd(name, _ => Parse(File.Exists(path) ? File.ReadAllText(path) : throw MissingTemplate(name), path));
        return Render(template, model);
    }

    /// <summary>Renders Liquid written in a page of site/input.</summary>
    public string RenderText(string text, string sourcePath, IReadOnlyDictionary<string, object?> model) =>
        Render(Parse(text, sourcePath), model);

    private string Render(IFluidTemplate template, IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model)
            context.SetValue(key, value);
        return template.Render(context, Encoder);
    }

    private static IFluidTemplate Parse(string text, string path) =>
        Parser.TryParse(text, out var template, out var error)
            ? template
            : throw new ContentException([new ContentError(path, "Liquid", error)]);

    private ContentException MissingTemplate(string name) =>
        new([new ContentError(Path.Combine(_themeFolder, name + Extension), PageKeys.Layout, $"le gabarit « {name} » n'existe pas dans le thème.")]);
}
