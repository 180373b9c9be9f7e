using Monalisa.Domain.Catalogue;

namespace Monalisa.Content;

/// <summary>A course file once read: its facts, its prose (Markdown and HTML) and where it came from.</summary>
public sealed record CourseDocument(Course Course, string BodyMarkdown, string BodyHtml, string SourcePath, string? Layout);
