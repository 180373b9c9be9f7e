using Monalisa.Content;

namespace Monalisa.Domain.Tests;

public sealed class CourseContentTests
{
    private const string Slug = "animer-une-strategie-de-cooperation-monalisa";
    private static readonly string ValidCourse = ReadEmbedded();

    private static string ReadEmbedded()
    {
        using var stream = typeof(CourseContent).Assembly.GetManifestResourceStream($"courses/{Slug}.md")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static ContentException Invalid(string text, string file = $"site/input/courses/{Slug}.md") =>
        Assert.Throws<ContentException>(() => CourseContent.ReadAll([(file, text)]));

    [Fact]
    public void The_first_course_is_read_with_its_brochure_facts()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().FindCourse(Slug)!;
        Assert.Equal("Animer une stratégie de coopération MONALISA", course.Title);
        Assert.Equal("Approfondir sa posture d’animateur de coopération", course.Subtitle);
        Assert.Equal((2, 14), (course.Duration.Days, course.Duration.Hours));
        Assert.Equal(6, course.Objectives.Count);
        Assert.Equal(3, course.Contents.Count);
        Assert.Equal(2, course.Prerequisites.Count);
        Assert.Equal(1500m, course.Tariffs.IntraFlatPerDay);
        Assert.Equal(3, course.Sessions.Count);
        Assert.Equal(7 * 60, course.Schedule.MinutesPerDay);
        Assert.Equal(
            ["2027-03-16-matin 09:00-12:30", "2027-03-16-apres-midi 13:30-17:00", "2027-03-17-matin 09:00-12:30", "2027-03-17-apres-midi 13:30-17:00"],
            Attendance.HalfDay.Of(course, course.Sessions[0]).Select(h => $"{h.Id} {h.Start:HH\\:mm}-{h.End:HH\\:mm}"));
        Assert.All(course.Sessions, s =>
        {
            Assert.Equal(2027, s.Start.Year);
            Assert.InRange(s.Capacity, 12, 15);
            Assert.True(s.IsExample);
        });
    }

    [Fact]
    public void A_directory_load_and_the_embedded_copy_agree()
    {
        var root = FindRoot();
        var fromDisk = CourseContent.LoadDirectory(Path.Combine(root, "site", "input", "courses"));
        var embedded = CourseContent.LoadEmbedded();
        Assert.Equal(embedded.Select(d => d.BodyHtml), fromDisk.Select(d => d.BodyHtml));
        Assert.Equal(embedded.Select(d => d.Course.Tariffs), fromDisk.Select(d => d.Course.Tariffs), new TariffComparer());
    }

    public static TheoryData<string, string, string> InvalidContent => new()
    {
        { "Title: Animer une stratégie de coopération MONALISA\n", "", "Title" },
        { "      PricePerDay: 150\n", "      PricePerDay: -150\n", "Tariffs.Inter[1].PricePerDay" },
        { "    End: 2027-03-17\n", "    End: 2027-03-15\n", "Sessions[0].End" },
        { "  - Id: 2027-06-paris\n", "  - Id: 2027-03-lyon\n", "Sessions[1].Id" },
        { "    - Category: volunteer\n", "    - Category: retraite\n", "Tariffs.Inter[1].Category" },
        { "    Capacity: 15\n", "    Capacity: 0\n", "Sessions[0].Capacity" },
        { "    Start: 2027-03-16\n", "    Start: 16/03/2027\n", "Sessions[0].Start" },
        { "  Days: 2\n", "  Days: deux\n", "Duration.Days" },
        { "Slug: animer-une-strategie-de-cooperation-monalisa\n", "Slug: autre-chose\n", "Slug" },
        { "Objectives:\n", "Objectifs:\n", "ligne" },
        // The break cut out of the day: 9 h – 17 h without it would be 16 h over 2 days, not the 14 h published.
        { "  Break:\n    Start: \"12:30\"\n    End: \"13:30\"\n", "", "Schedule" },
        { "    Start: \"12:30\"\n", "    Start: \"08:30\"\n", "Schedule.Break" },
        { "    End: \"13:30\"\n", "    End: \"12:00\"\n", "Schedule.Break.End" },
    };

    [Theory]
    [MemberData(nameof(InvalidContent))]
    public void Invalid_content_names_the_file_and_the_field(string find, string replace, string field)
    {
        Assert.Contains(find, ValidCourse);
        var error = Invalid(ValidCourse.Replace(find, replace, StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.File.EndsWith($"{Slug}.md", StringComparison.Ordinal) && e.Field.StartsWith(field, StringComparison.Ordinal));
        Assert.Contains($"{Slug}.md", error.Message);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void A_file_without_front_matter_is_refused() =>
        Assert.Contains("front matter", Invalid("Juste du texte.").Message);

    [Fact]
    public void Two_files_with_the_same_session_id_are_refused()
    {
        var other = ValidCourse.Replace($"Slug: {Slug}", "Slug: autre-formation", StringComparison.Ordinal);
        var error = Assert.Throws<ContentException>(() => CourseContent.ReadAll([
            ($"site/input/courses/{Slug}.md", ValidCourse),
            ("site/input/courses/autre-formation.md", other)]));
        Assert.Contains(error.Errors, e => e.File == "site/input/courses/autre-formation.md" && e.Message.Contains("2027-03-lyon"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "monalisa-serverless.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    private sealed class TariffComparer : IEqualityComparer<Tariffs.TariffSchedule>
    {
        public bool Equals(Tariffs.TariffSchedule? x, Tariffs.TariffSchedule? y) =>
            x!.IntraFlatPerDay == y!.IntraFlatPerDay && x.Inter.SequenceEqual(y.Inter);
        public int GetHashCode(Tariffs.TariffSchedule obj) => 0;
    }
}
