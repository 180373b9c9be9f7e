using Monalisa.Content;

namespace Monalisa.Site.Tests;

/// <summary>The site documents every problem type the API answers: the list lives once, in <see cref="ProblemTypes"/>.</summary>
public sealed class ProblemTypesPageTests
{
    [Fact]
    public void Every_problem_type_of_the_api_is_documented_with_its_title_on_the_site()
    {
        var page = Path.Combine(SiteSource.Folder, "input", "problemes.md");
        Assert.True(File.Exists(page), $"{page} is missing");
        var text = File.ReadAllText(page);

        Assert.All(ProblemTypes.All, type => Assert.Contains($"<h2 id=\"{type.Slug}\">{type.Slug} — {type.Title}</h2>", text));
    }
}
