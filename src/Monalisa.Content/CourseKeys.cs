namespace Monalisa.Content;

/// <summary>
/// Front-matter keys of a course file, declared once (Statiq's WebKeys convention: PascalCase, the name is the key).
/// </summary>
public static class CourseKeys
{
    public const string Title = nameof(Title);
    public const string Slug = nameof(Slug);
    public const string Subtitle = nameof(Subtitle);
    public const string Description = nameof(Description);
    public const string Updated = nameof(Updated);
    public const string Duration = nameof(Duration);
    public const string Days = nameof(Days);
    public const string Hours = nameof(Hours);
    public const string Format = nameof(Format);
    public const string Location = nameof(Location);
    public const string Schedule = nameof(Schedule);
    public const string Start = nameof(Start);
    public const string End = nameof(End);
    /// <summary>The lunch break of a day (Start, End): it cuts the day into the half-days attendance is signed for.</summary>
    public const string Break = nameof(Break);
    public const string Audience = nameof(Audience);
    public const string Prerequisites = nameof(Prerequisites);
    public const string Objectives = nameof(Objectives);
    public const string Contents = nameof(Contents);
    public const string Heading = nameof(Heading);
    public const string Items = nameof(Items);
    public const string Methods = nameof(Methods);
    public const string Assessment = nameof(Assessment);
    public const string EndOfCourse = nameof(EndOfCourse);
    public const string Funding = nameof(Funding);
    public const string Results = nameof(Results);
    public const string Figure = nameof(Figure);
    public const string Period = nameof(Period);
    public const string CalendarNote = nameof(CalendarNote);
    public const string Tariffs = nameof(Tariffs);
    public const string Inter = nameof(Inter);
    public const string Category = nameof(Category);
    public const string Label = nameof(Label);
    public const string PricePerDay = nameof(PricePerDay);
    public const string IntraFlatPerDay = nameof(IntraFlatPerDay);
    public const string Sessions = nameof(Sessions);
    public const string Id = nameof(Id);
    public const string City = nameof(City);
    public const string Venue = nameof(Venue);
    public const string Address = nameof(Address);
    public const string Capacity = nameof(Capacity);
    public const string Example = nameof(Example);
    public const string Closed = nameof(Closed);

    // Statiq's page keys, shared by every page of the site.
    public const string Layout = nameof(Layout);
    public const string Published = nameof(Published);
    public const string Excluded = nameof(Excluded);

    // The BPF's facts about the course (issue 18): F-3 objective, F-4 NSF speciality.
    public const string Bpf = nameof(Bpf);
    public const string Objective = nameof(Objective);
    public const string Speciality = nameof(Speciality);
    public const string SpecialityLabel = nameof(SpecialityLabel);
}
