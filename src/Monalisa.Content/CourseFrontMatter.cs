using YamlDotNet.Serialization;

namespace Monalisa.Content;

// The raw shape of a course's front matter. Every scalar is read as text and parsed by CourseReader,
// so that a wrong value is reported with its field name rather than as a YAML type error.
internal sealed class CourseFrontMatter
{
    [YamlMember(Alias = CourseKeys.Title)] public string? Title { get; set; }
    [YamlMember(Alias = CourseKeys.Slug)] public string? Slug { get; set; }
    [YamlMember(Alias = CourseKeys.Subtitle)] public string? Subtitle { get; set; }
    [YamlMember(Alias = CourseKeys.Description)] public string? Description { get; set; }
    [YamlMember(Alias = CourseKeys.Updated)] public string? Updated { get; set; }
    [YamlMember(Alias = CourseKeys.Duration)] public DurationYaml? Duration { get; set; }
    [YamlMember(Alias = CourseKeys.Format)] public string? Format { get; set; }
    [YamlMember(Alias = CourseKeys.Location)] public string? Location { get; set; }
    [YamlMember(Alias = CourseKeys.Schedule)] public ScheduleYaml? Schedule { get; set; }
    [YamlMember(Alias = CourseKeys.Audience)] public string? Audience { get; set; }
    [YamlMember(Alias = CourseKeys.Prerequisites)] public List<string>? Prerequisites { get; set; }
    [YamlMember(Alias = CourseKeys.Objectives)] public List<string>? Objectives { get; set; }
    [YamlMember(Alias = CourseKeys.Contents)] public List<SectionYaml>? Contents { get; set; }
    [YamlMember(Alias = CourseKeys.Methods)] public string? Methods { get; set; }
    [YamlMember(Alias = CourseKeys.Assessment)] public string? Assessment { get; set; }
    [YamlMember(Alias = CourseKeys.EndOfCourse)] public string? EndOfCourse { get; set; }
    [YamlMember(Alias = CourseKeys.Funding)] public List<string>? Funding { get; set; }
    [YamlMember(Alias = CourseKeys.Results)] public List<ResultYaml>? Results { get; set; }
    [YamlMember(Alias = CourseKeys.CalendarNote)] public string? CalendarNote { get; set; }
    [YamlMember(Alias = CourseKeys.Tariffs)] public TariffsYaml? Tariffs { get; set; }
    [YamlMember(Alias = CourseKeys.Sessions)] public List<SessionYaml>? Sessions { get; set; }
    [YamlMember(Alias = CourseKeys.Layout)] public string? Layout { get; set; }
    [YamlMember(Alias = CourseKeys.Published)] public string? Published { get; set; }
    [YamlMember(Alias = CourseKeys.Excluded)] public string? Excluded { get; set; }
    [YamlMember(Alias = CourseKeys.Bpf)] public BpfYaml? Bpf { get; set; }

    internal sealed class DurationYaml
    {
        [YamlMember(Alias = CourseKeys.Days)] public string? Days { get; set; }
        [YamlMember(Alias = CourseKeys.Hours)] public string? Hours { get; set; }
    }

    internal sealed class ScheduleYaml
    {
        [YamlMember(Alias = CourseKeys.Start)] public string? Start { get; set; }
        [YamlMember(Alias = CourseKeys.End)] public string? End { get; set; }
        [YamlMember(Alias = CourseKeys.Break)] public SlotYaml? Break { get; set; }
    }

    internal sealed class SlotYaml
    {
        [YamlMember(Alias = CourseKeys.Start)] public string? Start { get; set; }
        [YamlMember(Alias = CourseKeys.End)] public string? End { get; set; }
    }

    internal sealed class SectionYaml
    {
        [YamlMember(Alias = CourseKeys.Heading)] public string? Heading { get; set; }
        [YamlMember(Alias = CourseKeys.Items)] public List<string>? Items { get; set; }
    }

    internal sealed class ResultYaml
    {
        [YamlMember(Alias = CourseKeys.Figure)] public string? Figure { get; set; }
        [YamlMember(Alias = CourseKeys.Label)] public string? Label { get; set; }
        [YamlMember(Alias = CourseKeys.Period)] public string? Period { get; set; }
    }

    internal sealed class TariffsYaml
    {
        [YamlMember(Alias = CourseKeys.Inter)] public List<InterRateYaml>? Inter { get; set; }
        [YamlMember(Alias = CourseKeys.IntraFlatPerDay)] public string? IntraFlatPerDay { get; set; }
    }

    internal sealed class InterRateYaml
    {
        [YamlMember(Alias = CourseKeys.Category)] public string? Category { get; set; }
        [YamlMember(Alias = CourseKeys.Label)] public string? Label { get; set; }
        [YamlMember(Alias = CourseKeys.PricePerDay)] public string? PricePerDay { get; set; }
    }

    internal sealed class SessionYaml
    {
        [YamlMember(Alias = CourseKeys.Id)] public string? Id { get; set; }
        [YamlMember(Alias = CourseKeys.Start)] public string? Start { get; set; }
        [YamlMember(Alias = CourseKeys.End)] public string? End { get; set; }
        [YamlMember(Alias = CourseKeys.City)] public string? City { get; set; }
        [YamlMember(Alias = CourseKeys.Venue)] public string? Venue { get; set; }
        [YamlMember(Alias = CourseKeys.Address)] public string? Address { get; set; }
        [YamlMember(Alias = CourseKeys.Capacity)] public string? Capacity { get; set; }
        [YamlMember(Alias = CourseKeys.Example)] public string? Example { get; set; }
        [YamlMember(Alias = CourseKeys.Closed)] public string? Closed { get; set; }
    }

    internal sealed class BpfYaml
    {
        [YamlMember(Alias = CourseKeys.Objective)] public string? Objective { get; set; }
        [YamlMember(Alias = CourseKeys.Speciality)] public string? Speciality { get; set; }
        [YamlMember(Alias = CourseKeys.SpecialityLabel)] public string? SpecialityLabel { get; set; }
    }
}
