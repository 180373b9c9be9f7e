using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Markdig;
using Monalisa.Content.Text;

namespace Monalisa.Functions.Email;

/// <summary>
/// Renders an email from its template, site/theme/emails/{kind}.md (compiled into this assembly), as pretix's
/// TemplateBasedMailRenderer does: the Markdown with its Liquid placeholders is the plain-text part; the same Markdown,
/// with every value escaped for Markdown, becomes HTML through Markdig (raw HTML disabled) inside _layout.liquid.
/// The template's first line is the subject.
/// </summary>
internal static partial class MailRenderer
{
    public const string Layout = "_layout.liquid";

    private static readonly ResourceFiles Files = new(typeof(MailRenderer).Assembly, "emails");
    private static readonly TemplateOptions Options = FrenchFilters.Options(Files);
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IFluidTemplate> Cache = new(StringComparer.Ordinal);

    public static EmailTemplates.Rendered Render(string template, IReadOnlyDictionary<string, object?> model)
    {
        var plain = Tidy(Run(template + ".md", model, NullEncoder.Default));
        var escaped = Tidy(Run(template + ".md", model, MarkdownEncoder.Instance));
        var subject = FirstLine(plain);
        var text = Rest(plain);
        var layoutModel = new Dictionary<string, object?>(model)
        {
            ["title"] = subject,
            ["body"] = Markdig.Markdown.ToHtml(Rest(escaped), Markdown),
        };
        var html = Run(Layout, layoutModel, Html);
        return new EmailTemplates.Rendered(FrenchText.OneLine(subject, 200), html, text);
    }

    /// <summary>An HTML document from a template of the same folder (the contract attached to its email).</summary>
    public static string Page(string name, IReadOnlyDictionary<string, object?> model) => Run(name, model, Html);

    private static string Run(string name, IReadOnlyDictionary<string, object?> model, TextEncoder encoder)
    {
        var template = Cache.GetOrAdd(name, n => Parser.TryParse(Files.Read(n), out var parsed, out var error)
            ? parsed
            : throw new InvalidOperationException($"site/theme/emails/{n}: {error}"));
        var context = new TemplateContext(Options);
        foreach (var (key, value) in model) context.SetValue(key, value);
        return template.Render(context, encoder);
    }

    /// <summary>Liquid tags leave blank lines behind; Markdown needs at most one between blocks.</summary>
    private static string Tidy(string text) => BlankLines().Replace(text.Replace("\r\n", "\n").Trim(), "\n\n") + "\n";

    private static string FirstLine(string text) => text[..text.IndexOf('\n')].Trim();

    private static string Rest(string text) => text[(text.IndexOf('\n') + 1)..].TrimStart('\n');

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*)+\n")]
    private static partial Regex BlankLines();
}
