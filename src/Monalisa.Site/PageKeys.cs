using Monalisa.Content;

namespace Monalisa.Site;

/// <summary>Front-matter keys of the pages in site/input (Statiq's WebKeys convention: the name is the key).</summary>
internal static class PageKeys
{
    public const string Title = CourseKeys.Title;
    public const string Description = CourseKeys.Description;
    public const string Layout = CourseKeys.Layout;
    public const string Published = CourseKeys.Published;
    public const string Excluded = CourseKeys.Excluded;

    /// <summary>The output path when it is not derived from the file name (e.g. <c>/404.html</c>).</summary>
    public const string Permalink = nameof(Permalink);

    /// <summary>True for pages search engines must not index (forms, confirmations, 404); they are left out of the sitemap.</summary>
    public const string NoIndex = nameof(NoIndex);
}
