using Monalisa.Content;

namespace Monalisa.Domain.Tests;

/// <summary>New content against an environment's taken places: sessions with enrolments are neither deleted nor shrunk below them.</summary>
public sealed class TakenPlacesCheckTests
{
    private const string Slug = "animer-une-strategie-de-cooperation-monalisa";
    private const string File = $"site/input/courses/{Slug}.md";
    private static readonly CourseDocument Course = CourseContent.ReadAll([(File, ReadEmbedded())]).Single();

    private static string ReadEmbedded()
    {
        using var stream = typeof(CourseContent).Assembly.GetManifestResourceStream($"courses/{Slug}.md")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static string Session(int index) => Course.Course.Sessions[index].Id;

    private static CourseDocument WithSessions(Func<IReadOnlyList<Domain.Catalogue.CourseSession>, IEnumerable<Domain.Catalogue.CourseSession>> change) =>
        Course with { Course = Course.Course with { Sessions = [.. change(Course.Course.Sessions)] } };

    [Fact]
    public void Unchanged_content_passes_whatever_is_taken()
    {
        Assert.Empty(TakenPlacesCheck.Check([Course], [new(Slug, Session(0), 15), new(Slug, Session(1), 3)]));
    }

    [Fact]
    public void A_session_with_enrolments_cannot_be_deleted()
    {
        var content = WithSessions(s => s.Skip(1));

        var error = Assert.Single(TakenPlacesCheck.Check([content], [new(Slug, Session(0), 2)]));

        Assert.Equal(File, error.File);
        Assert.Equal("Sessions", error.Field);
        Assert.Contains($"la session « {Session(0)} » compte 2 places prises dans cet environnement : elle ne peut être ni supprimée ni renommée.", error.Message);
    }

    [Fact]
    public void A_session_without_enrolments_may_be_deleted()
    {
        Assert.Empty(TakenPlacesCheck.Check([WithSessions(s => s.Skip(1))], [new(Slug, Session(0), 0), new(Slug, Session(1), 4)]));
    }

    [Fact]
    public void A_renamed_session_with_enrolments_is_a_deleted_one()
    {
        var content = WithSessions(s => s.Select((x, i) => i == 1 ? x with { Id = x.Id + "-bis" } : x));

        var error = Assert.Single(TakenPlacesCheck.Check([content], [new(Slug, Session(1), 1)]));

        Assert.Equal("Sessions", error.Field);
        Assert.Contains("1 place prise", error.Message);
    }

    [Fact]
    public void A_session_cannot_shrink_below_its_taken_places_but_may_shrink_to_them()
    {
        var shrunk = WithSessions(s => s.Select((x, i) => i == 2 ? x with { Capacity = 4 } : x));

        var error = Assert.Single(TakenPlacesCheck.Check([shrunk], [new(Slug, Session(2), 5)]));
        Assert.Equal(File, error.File);
        Assert.Equal("Sessions[2].Capacity", error.Field);
        Assert.Equal("4 places, mais elle compte déjà 5 places prises dans cet environnement : indiquez au moins 5.", error.Message);
        Assert.Empty(TakenPlacesCheck.Check([shrunk], [new(Slug, Session(2), 4)]));
    }

    [Fact]
    public void A_course_removed_with_enrolments_in_its_sessions_is_refused_naming_its_file()
    {
        var error = Assert.Single(TakenPlacesCheck.Check([], [new(Slug, Session(0), 1)]));

        Assert.Equal(File, error.File);
        Assert.Equal("Slug", error.Field);
        Assert.Contains("a disparu", error.Message);
    }
}
