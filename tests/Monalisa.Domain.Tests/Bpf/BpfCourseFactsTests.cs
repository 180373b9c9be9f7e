using Monalisa.Content;
using Monalisa.Domain.Catalogue;

namespace Monalisa.Domain.Tests.Bpf;

public sealed class BpfCourseFactsTests
{
    private const string Slug = "animer-une-strategie-de-cooperation-monalisa";
    private static readonly string ValidCourse = ReadEmbedded();

    private static string ReadEmbedded()
    {
        using var stream = typeof(CourseContent).Assembly.GetManifestResourceStream($"courses/{Slug}.md")!;
        return new StreamReader(stream).ReadToEnd();
    }

    [Fact]
    public void The_first_course_states_its_bpf_objective_and_nsf_speciality()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().FindCourse(Slug)!;
        Assert.Equal(new CourseBpf(BpfObjective.D, "332", "Travail social"), course.Bpf);
    }

    [Theory]
    [InlineData("  Speciality: \"332\"\n", "  Speciality: \"33\"\n", "Bpf.Speciality")]
    [InlineData("  Speciality: \"332\"\n", "  Speciality: \"332T\"\n", "Bpf.Speciality")]
    [InlineData("  Speciality: \"332\"\n", "  Speciality: travail\n", "Bpf.Speciality")]
    [InlineData("  Objective: d\n", "  Objective: g\n", "Bpf.Objective")]
    [InlineData("  Objective: d\n", "  Objective: \"3\"\n", "Bpf.Objective")]
    [InlineData("  SpecialityLabel: Travail social\n", "", "Bpf.SpecialityLabel")]
    public void A_wrong_bpf_fact_names_its_field(string find, string replace, string field)
    {
        Assert.Contains(find, ValidCourse);
        var error = Assert.Throws<ContentException>(() => CourseContent.ReadAll([($"site/input/courses/{Slug}.md", ValidCourse.Replace(find, replace, StringComparison.Ordinal))]));
        Assert.Contains(error.Errors, e => e.Field == field);
    }

    [Fact]
    public void A_course_without_bpf_facts_is_still_read_and_a_letter_of_the_nsf_field_is_accepted()
    {
        var without = ValidCourse.Replace("Bpf:\n  Objective: d\n  Speciality: \"332\"\n  SpecialityLabel: Travail social\n", "", StringComparison.Ordinal);
        Assert.NotEqual(ValidCourse, without);
        Assert.Null(Assert.Single(CourseContent.ReadAll([($"site/input/courses/{Slug}.md", without)])).Course.Bpf);

        var finer = ValidCourse.Replace("  Speciality: \"332\"\n", "  Speciality: \"332t\"\n", StringComparison.Ordinal);
        var bpf = Assert.Single(CourseContent.ReadAll([($"site/input/courses/{Slug}.md", finer)])).Course.Bpf!;
        Assert.Equal(("332t", "332"), (bpf.Speciality, bpf.SpecialityGroup));
    }
}
