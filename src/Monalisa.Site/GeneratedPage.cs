namespace Monalisa.Site;

/// <summary>One written page: its URL path, and what the sitemap needs to know of it.</summary>
internal sealed record GeneratedPage(string Url, string File, bool NoIndex, DateOnly? LastModified = null);

/// <summary>The result of a build, for the CLI's summary and for tests.</summary>
internal sealed record BuildResult(IReadOnlyList<GeneratedPage> Pages, AssetMap Assets, TimeSpan Elapsed);
