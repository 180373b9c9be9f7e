using Markdig;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Content;

/// <summary>A course file once read: its facts, its prose (Markdown, and HTML on demand) and where it came from.</summary>
public sealed record CourseDocument(Course Course, string BodyMarkdown, string SourcePath, string? Layout)
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    // The Functions app reads the same files for their facts and never shows the prose: rendering it at start-up cost
    // every cold start a Markdown pass for nothing. The site generator asks for it, once per page.
    private readonly Lazy<string> _html = new(() => Markdig.Markdown.ToHtml(BodyMarkdown, Markdown));

    public string BodyHtml => _html.Value;
}
