using System.Globalization;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using static Monalisa.Content.CourseKeys;

namespace Monalisa.Content;

/// <summary>
/// Reads one course file and checks every fact in it. All problems of a file are reported together,
/// each with the file and the front-matter field (e.g. <c>Sessions[1].End</c>).
/// </summary>
public static partial class CourseReader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static CourseDocument Read(string path, string text)
    {
        var (yaml, body) = FrontMatter.Split(text);
        if (yaml.Length == 0)
            throw new ContentException([new ContentError(path, "front matter", "le fichier ne commence pas par un bloc YAML entre deux lignes « --- ».")]);

        CourseFrontMatter raw;
        try
        {
            raw = Yaml.Deserialize<CourseFrontMatter>(yaml) ?? new CourseFrontMatter();
        }
        catch (YamlException e)
        {
            var where = $"ligne {e.Start.Line + 1}";
            var reason = e.InnerException?.Message ?? e.Message;
            throw new ContentException([new ContentError(path, where, $"YAML illisible ou champ inconnu ({reason}).")]);
        }

        var check = new Checker(path);
        var course = Build(raw, check);
        var fileSlug = Path.GetFileNameWithoutExtension(path);
        if (course is not null && course.Slug != fileSlug)
            check.Error(Slug, $"le slug « {course.Slug} » doit être le nom du fichier (« {fileSlug} »), qui fait l'adresse de la page.");
        check.ThrowIfAny();
        return new CourseDocument(course!, body, path, raw.Layout);
    }

    private static Course? Build(CourseFrontMatter raw, Checker check)
    {
        var title = check.Required(raw.Title, Title);
        var slug = check.Required(raw.Slug, Slug);
        if (slug is not null && !IsSlug(slug))
            check.Error(Slug, "n'utilisez que des minuscules non accentuées, des chiffres et des tirets.");
        var subtitle = check.Required(raw.Subtitle, Subtitle);
        var description = check.Required(raw.Description, Description);
        var updated = check.Date(raw.Updated, Updated);
        var days = check.PositiveInt(raw.Duration?.Days, $"{Duration}.{Days}");
        var hours = check.PositiveInt(raw.Duration?.Hours, $"{Duration}.{Hours}");
        var format = check.Required(raw.Format, Format);
        var location = check.Required(raw.Location, Location);
        var dayStart = check.Time(raw.Schedule?.Start, $"{Schedule}.{Start}");
        var dayEnd = check.Time(raw.Schedule?.End, $"{Schedule}.{End}");
        if (dayStart is not null && dayEnd is not null && dayEnd <= dayStart)
            check.Error($"{Schedule}.{End}", "l'heure de fin doit suivre l'heure de début.");
        var lunch = ReadBreak(raw.Schedule?.Break, dayStart, dayEnd, check);
        var audience = check.Required(raw.Audience, Audience);
        var prerequisites = check.NonEmptyList(raw.Prerequisites, Prerequisites);
        var objectives = check.NonEmptyList(raw.Objectives, Objectives);
        var methods = check.Required(raw.Methods, Methods);
        // Qualiopi (indicators 1, 2, 11) and the law (L6353-1: attestation) ask the page to say these.
        var assessment = check.Required(raw.Assessment, Assessment);
        var endOfCourse = check.Required(raw.EndOfCourse, EndOfCourse);
        var funding = check.NonEmptyList(raw.Funding, Funding);
        var results = ReadResults(raw.Results, check);
        var calendarNote = raw.CalendarNote?.Trim() ?? "";
        var contents = ReadContents(raw.Contents, check);
        var tariffs = ReadTariffs(raw.Tariffs, check);
        var sessions = ReadSessions(raw.Sessions, check);
        var bpf = ReadBpf(raw.Bpf, check);

        if (check.HasErrors)
            return null;
        var schedule = new DailySchedule(dayStart!.Value, dayEnd!.Value, lunch);
        // Certificates count hours from attendance against this: the published duration must be what the days hold.
        if (schedule.MinutesPerDay * days!.Value != hours!.Value * 60)
        {
            check.Error($"{Schedule}", $"{days} jour(s) de {FrenchFormat.Duration(schedule.MinutesPerDay)} (pause déduite) ne font pas les {hours} h de {Duration}.{Hours}.");
            return null;
        }
        return new Course
        {
            Slug = slug!, Title = title!, Subtitle = subtitle!, Description = description!,
            Updated = updated!.Value, Duration = new CourseDuration(days!.Value, hours!.Value),
            Format = format!, Location = location!, Schedule = schedule,
            Audience = audience!, Prerequisites = prerequisites!, Objectives = objectives!, Contents = contents,
            Methods = methods!, Assessment = assessment!, EndOfCourse = endOfCourse!, Funding = funding!, Results = results,
            CalendarNote = calendarNote, Tariffs = tariffs!, Sessions = sessions, Bpf = bpf,
        };
    }

    private static List<ContentSection> ReadContents(List<CourseFrontMatter.SectionYaml>? raw, Checker check)
    {
        var sections = new List<ContentSection>();
        if (raw is null || raw.Count == 0)
        {
            check.Error(Contents, "au moins une partie de contenu est requise.");
            return sections;
        }
        for (var i = 0; i < raw.Count; i++)
        {
            var heading = check.Required(raw[i].Heading, $"{Contents}[{i}].{Heading}");
            var items = check.NonEmptyList(raw[i].Items, $"{Contents}[{i}].{Items}");
            if (heading is not null && items is not null)
                sections.Add(new ContentSection(heading, items));
        }
        return sections;
    }

    /// <summary>Optional: none until the first sessions are measured (the page then says when they will be published).</summary>
    private static List<ResultFigure> ReadResults(List<CourseFrontMatter.ResultYaml>? raw, Checker check)
    {
        var results = new List<ResultFigure>();
        for (var i = 0; i < (raw?.Count ?? 0); i++)
        {
            var figure = check.Required(raw![i].Figure, $"{Results}[{i}].{Figure}");
            var label = check.Required(raw[i].Label, $"{Results}[{i}].{Label}");
            // A figure without its period cannot be « daté » as indicator 2 asks.
            var period = check.Required(raw[i].Period, $"{Results}[{i}].{Period}");
            if (figure is not null && label is not null && period is not null)
                results.Add(new ResultFigure(figure, label, period));
        }
        return results;
    }

    private static TariffSchedule? ReadTariffs(CourseFrontMatter.TariffsYaml? raw, Checker check)
    {
        if (raw is null)
        {
            check.Error(Tariffs, "champ obligatoire manquant.");
            return null;
        }
        var rates = new List<InterRate>();
        var inter = raw.Inter ?? [];
        for (var i = 0; i < inter.Count; i++)
        {
            var field = $"{Tariffs}.{Inter}[{i}]";
            var categoryText = check.Required(inter[i].Category, $"{field}.{Category}");
            var category = QuoteCategories.Parse(categoryText);
            if (categoryText is not null && category is null)
                check.Error($"{field}.{Category}", $"catégorie de tarif inconnue « {categoryText} » (attendu : {QuoteCategories.Professional} ou {QuoteCategories.Volunteer}).");
            else if (category is not null && rates.Any(r => r.Category == category))
                check.Error($"{field}.{Category}", $"la catégorie « {categoryText} » est tarifée deux fois.");
            var label = check.Required(inter[i].Label, $"{field}.{Label}");
            var price = check.Price(inter[i].PricePerDay, $"{field}.{PricePerDay}");
            if (category is not null && label is not null && price is not null)
                rates.Add(new InterRate(category.Value, label, price.Value));
        }
        decimal? intra = raw.IntraFlatPerDay is null ? null : check.Price(raw.IntraFlatPerDay, $"{Tariffs}.{IntraFlatPerDay}");
        if (inter.Count == 0 && raw.IntraFlatPerDay is null)
            check.Error(Tariffs, "indiquez au moins un tarif inter ou intra.");
        return new TariffSchedule(rates, intra);
    }

    private static List<CourseSession> ReadSessions(List<CourseFrontMatter.SessionYaml>? raw, Checker check)
    {
        var sessions = new List<CourseSession>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (raw?.Count ?? 0); i++)
        {
            var s = raw![i];
            var field = $"{Sessions}[{i}]";
            var id = check.Required(s.Id, $"{field}.{Id}");
            if (id is not null && !IsSlug(id))
                check.Error($"{field}.{Id}", "n'utilisez que des minuscules non accentuées, des chiffres et des tirets.");
            else if (id is not null && !ids.Add(id))
                check.Error($"{field}.{Id}", $"l'identifiant de session « {id} » est en double.");
            var start = check.Date(s.Start, $"{field}.{Start}");
            var end = check.Date(s.End, $"{field}.{End}");
            if (start is not null && end is not null && end < start)
                check.Error($"{field}.{End}", "la session finit avant de commencer.");
            var city = check.Required(s.City, $"{field}.{City}");
            var venue = check.Required(s.Venue, $"{field}.{Venue}");
            var address = check.Required(s.Address, $"{field}.{Address}");
            var capacity = check.PositiveInt(s.Capacity, $"{field}.{Capacity}", "une session doit offrir au moins une place.");
            var example = check.Flag(s.Example, $"{field}.{Example}");
            var closed = check.Flag(s.Closed, $"{field}.{Closed}");
            if (id is null || start is null || end is null || city is null || venue is null || address is null || capacity is null)
                continue;
            sessions.Add(new CourseSession
            {
                Id = id, Start = start.Value, End = end.Value, City = city, Venue = venue, Address = address,
                Capacity = capacity.Value, IsExample = example, Closed = closed,
            });
        }
        return sessions;
    }

    internal static bool IsSlug(string value) =>
        value.Length is > 0 and <= 80 && value.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
        && value[0] != '-' && value[^1] != '-';

    private sealed class Checker(string path)
    {
        private readonly List<ContentError> _errors = [];

        public bool HasErrors => _errors.Count > 0;

        public void Error(string field, string message) => _errors.Add(new ContentError(path, field, message));

        public void ThrowIfAny()
        {
            if (_errors.Count > 0) throw new ContentException(_errors);
        }

        public string? Required(string? value, string field)
        {
            if (!string.IsNullOrWhiteSpace(value)) return value.Trim();
            Error(field, "champ obligatoire manquant.");
            return null;
        }

        public List<string>? NonEmptyList(List<string>? values, string field)
        {
            if (values is null || values.Count == 0)
            {
                Error(field, "au moins un élément est requis.");
                return null;
            }
            for (var i = 0; i < values.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(values[i])) Error($"{field}[{i}]", "élément vide.");
            }
            return values.Select(v => v?.Trim() ?? "").ToList();
        }

        public DateOnly? Date(string? value, string field)
        {
            if (Required(value, field) is not { } text) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date)) return date;
            Error(field, $"date invalide « {text} » (format attendu : AAAA-MM-JJ).");
            return null;
        }

        public TimeOnly? Time(string? value, string field)
        {
            if (Required(value, field) is not { } text) return null;
            if (TimeOnly.TryParseExact(text, "HH:mm", Invariant, DateTimeStyles.None, out var time)) return time;
            Error(field, $"heure invalide « {text} » (format attendu : HH:mm).");
            return null;
        }

        public int? PositiveInt(string? value, string field, string? whenNotPositive = null)
        {
            if (Required(value, field) is not { } text) return null;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var number))
            {
                Error(field, $"nombre entier attendu, pas « {text} ».");
                return null;
            }
            if (number > 0) return number;
            Error(field, whenNotPositive ?? "doit être strictement positif.");
            return null;
        }

        public decimal? Price(string? value, string field)
        {
            if (Required(value, field) is not { } text) return null;
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Invariant, out var price))
            {
                Error(field, $"prix en euros attendu, pas « {text} ».");
                return null;
            }
            if (price < 0)
            {
                Error(field, "un prix ne peut pas être négatif.");
                return null;
            }
            if (decimal.Round(price, 2) != price)
            {
                Error(field, "un prix s'exprime au centime près.");
                return null;
            }
            return price;
        }

        public bool Flag(string? value, string field)
        {
            if (value is null) return false;
            if (bool.TryParse(value, out var flag)) return flag;
            Error(field, $"true ou false attendu, pas « {value} ».");
            return false;
        }
    }
}
