namespace Monalisa.Content;

/// <summary>A Markdown file split into its YAML front matter (between two <c>---</c> lines) and its body.</summary>
public sealed record FrontMatter(string Yaml, string Body)
{
    public static FrontMatter Split(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
            return new FrontMatter("", normalized);
        var end = normalized.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
            return new FrontMatter("", normalized);
        var bodyStart = normalized.IndexOf('\n', end + 4);
        var body = bodyStart < 0 ? "" : normalized[(bodyStart + 1)..];
        return new FrontMatter(normalized[4..(end + 1)], body);
    }
}
