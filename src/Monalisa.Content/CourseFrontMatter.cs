using YamlDotNet.Serialization;

namespace Monalisa.Content;

// The raw shape of a course's front matter. Every scalar is read as text and parsed by CourseReader,
// so that a wrong value is reported with its field name rather than as a YAML type error. [Field] says what each key
// holds and whether CourseReader requires it: CourseSchema reads it, and the CMS form is generated from that.
internal sealed class CourseFrontMatter
{
    [YamlMember(Alias = CourseKeys.Title), Field(FieldKind.Text, Required = true)] public string? Title { get; set; }
    [YamlMember(Alias = CourseKeys.Slug), Field(FieldKind.Identifier, Required = true)] public string? Slug { get; set; }
    [YamlMember(Alias = CourseKeys.Subtitle), Field(FieldKind.Text, Required = true)] public string? Subtitle { get; set; }
    [YamlMember(Alias = CourseKeys.Description), Field(FieldKind.Paragraph, Required = true)] public string? Description { get; set; }
    [YamlMember(Alias = CourseKeys.Updated), Field(FieldKind.Date, Required = true)] public string? Updated { get; set; }
    [YamlMember(Alias = CourseKeys.Duration), Field(FieldKind.Object, Required = true)] public DurationYaml? Duration { get; set; }
    [YamlMember(Alias = CourseKeys.Format), Field(FieldKind.Text, Required = true)] public string? Format { get; set; }
    [YamlMember(Alias = CourseKeys.Location), Field(FieldKind.Text, Required = true)] public string? Location { get; set; }
    [YamlMember(Alias = CourseKeys.Schedule), Field(FieldKind.Object, Required = true)] public ScheduleYaml? Schedule { get; set; }
    [YamlMember(Alias = CourseKeys.Audience), Field(FieldKind.Paragraph, Required = true)] public string? Audience { get; set; }
    [YamlMember(Alias = CourseKeys.Prerequisites), Field(FieldKind.TextList, Required = true)] public List<string>? Prerequisites { get; set; }
    [YamlMember(Alias = CourseKeys.Objectives), Field(FieldKind.TextList, Required = true)] public List<string>? Objectives { get; set; }
    [YamlMember(Alias = CourseKeys.Contents), Field(FieldKind.ObjectList, Required = true)] public List<SectionYaml>? Contents { get; set; }
    [YamlMember(Alias = CourseKeys.Methods), Field(FieldKind.Paragraph, Required = true)] public string? Methods { get; set; }
    [YamlMember(Alias = CourseKeys.Assessment), Field(FieldKind.Paragraph, Required = true)] public string? Assessment { get; set; }
    [YamlMember(Alias = CourseKeys.EndOfCourse), Field(FieldKind.Paragraph, Required = true)] public string? EndOfCourse { get; set; }
    [YamlMember(Alias = CourseKeys.Funding), Field(FieldKind.TextList, Required = true)] public List<string>? Funding { get; set; }
    [YamlMember(Alias = CourseKeys.Results), Field(FieldKind.ObjectList)] public List<ResultYaml>? Results { get; set; }
    [YamlMember(Alias = CourseKeys.CalendarNote), Field(FieldKind.Text)] public string? CalendarNote { get; set; }
    [YamlMember(Alias = CourseKeys.Tariffs), Field(FieldKind.Object, Required = true)] public TariffsYaml? Tariffs { get; set; }
    [YamlMember(Alias = CourseKeys.Sessions), Field(FieldKind.ObjectList)] public List<SessionYaml>? Sessions { get; set; }
    [YamlMember(Alias = CourseKeys.Layout), Field(FieldKind.Text)] public string? Layout { get; set; }
    [YamlMember(Alias = CourseKeys.Published), Field(FieldKind.Text)] public string? Published { get; set; }
    [YamlMember(Alias = CourseKeys.Excluded), Field(FieldKind.Flag)] public string? Excluded { get; set; }
    [YamlMember(Alias = CourseKeys.Bpf), Field(FieldKind.Object)] public BpfYaml? Bpf { get; set; }

    internal sealed class DurationYaml
    {
        [YamlMember(Alias = CourseKeys.Days), Field(FieldKind.PositiveInteger, Required = true)] public string? Days { get; set; }
        [YamlMember(Alias = CourseKeys.Hours), Field(FieldKind.PositiveInteger, Required = true)] public string? Hours { get; set; }
    }

    internal sealed class ScheduleYaml
    {
        [YamlMember(Alias = CourseKeys.Start), Field(FieldKind.Time, Required = true)] public string? Start { get; set; }
        [YamlMember(Alias = CourseKeys.End), Field(FieldKind.Time, Required = true)] public string? End { get; set; }
        [YamlMember(Alias = CourseKeys.Break), Field(FieldKind.Object)] public SlotYaml? Break { get; set; }
    }

    internal sealed class SlotYaml
    {
        [YamlMember(Alias = CourseKeys.Start), Field(FieldKind.Time, Required = true)] public string? Start { get; set; }
        [YamlMember(Alias = CourseKeys.End), Field(FieldKind.Time, Required = true)] public string? End { get; set; }
    }

    internal sealed class SectionYaml
    {
        [YamlMember(Alias = CourseKeys.Heading), Field(FieldKind.Text, Required = true)] public string? Heading { get; set; }
        [YamlMember(Alias = CourseKeys.Items), Field(FieldKind.TextList, Required = true)] public List<string>? Items { get; set; }
    }

    internal sealed class ResultYaml
    {
        [YamlMember(Alias = CourseKeys.Figure), Field(FieldKind.Text, Required = true)] public string? Figure { get; set; }
        [YamlMember(Alias = CourseKeys.Label), Field(FieldKind.Text, Required = true)] public string? Label { get; set; }
        [YamlMember(Alias = CourseKeys.Period), Field(FieldKind.Text, Required = true)] public string? Period { get; set; }
    }

    internal sealed class TariffsYaml
    {
        [YamlMember(Alias = CourseKeys.Inter), Field(FieldKind.ObjectList)] public List<InterRateYaml>? Inter { get; set; }
        [YamlMember(Alias = CourseKeys.IntraFlatPerDay), Field(FieldKind.Price)] public string? IntraFlatPerDay { get; set; }
    }

    internal sealed class InterRateYaml
    {
        [YamlMember(Alias = CourseKeys.Category), Field(FieldKind.Text, Required = true)] public string? Category { get; set; }
        [YamlMember(Alias = CourseKeys.Label), Field(FieldKind.Text, Required = true)] public string? Label { get; set; }
        [YamlMember(Alias = CourseKeys.PricePerDay), Field(FieldKind.Price, Required = true)] public string? PricePerDay { get; set; }
    }

    internal sealed class SessionYaml
    {
        [YamlMember(Alias = CourseKeys.Id), Field(FieldKind.Identifier, Required = true)] public string? Id { get; set; }
        [YamlMember(Alias = CourseKeys.Start), Field(FieldKind.Date, Required = true)] public string? Start { get; set; }
        [YamlMember(Alias = CourseKeys.End), Field(FieldKind.Date, Required = true)] public string? End { get; set; }
        [YamlMember(Alias = CourseKeys.City), Field(FieldKind.Text, Required = true)] public string? City { get; set; }
        [YamlMember(Alias = CourseKeys.Venue), Field(FieldKind.Text, Required = true)] public string? Venue { get; set; }
        [YamlMember(Alias = CourseKeys.Address), Field(FieldKind.Text, Required = true)] public string? Address { get; set; }
        [YamlMember(Alias = CourseKeys.Capacity), Field(FieldKind.PositiveInteger, Required = true)] public string? Capacity { get; set; }
        [YamlMember(Alias = CourseKeys.Example), Field(FieldKind.Flag)] public string? Example { get; set; }
        [YamlMember(Alias = CourseKeys.Closed), Field(FieldKind.Flag)] public string? Closed { get; set; }
    }

    internal sealed class BpfYaml
    {
        [YamlMember(Alias = CourseKeys.Objective), Field(FieldKind.Text, Required = true)] public string? Objective { get; set; }
        [YamlMember(Alias = CourseKeys.Speciality), Field(FieldKind.Text, Required = true)] public string? Speciality { get; set; }
        [YamlMember(Alias = CourseKeys.SpecialityLabel), Field(FieldKind.Text, Required = true)] public string? SpecialityLabel { get; set; }
    }
}
