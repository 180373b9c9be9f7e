using Fluid;
using Monalisa.Content.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Content;

/// <summary>
/// Writes the contract of L6353-3 and L6353-4 from site/theme/legal/contrat-formation.liquid (compiled into this library)
/// and the course facts: nature, duration, objectives, number of trainees expected (the session's capacity), price and how
/// it is paid, trainers' qualifications, withdrawal right, interruption and cancellation terms. The site shows it at build
/// time and the server renders the same text (and hash) when the form comes back: both go through this one renderer.
/// </summary>
public static class TrainingContractWriter
{
    public const string TemplateResource = "legal/contrat-formation.liquid";

    private const string TitleMark = "# ";
    private const string HeadingMark = "## ";

    private static readonly Lazy<IFluidTemplate> Template = new(() => Parse(ReadResource(TemplateResource)));
    private static readonly TemplateOptions Options = FrenchFilters.Options();

    public static TrainingContract For(Course course, CourseSession session, ContractParties parties)
    {
        var context = new TemplateContext(Options);
        context.SetValue("version", TrainingContract.GeneratorVersion);
        context.SetValue("course", course);
        context.SetValue("session", session);
        context.SetValue("parties", parties);
        context.SetValue("prices", Prices(course));
        context.SetValue("rule", new
        {
            InstalmentSchedule.WithdrawalDays,
            InstalmentSchedule.FirstChargeDay,
            InstalmentSchedule.FirstInstalmentPercent,
            OnlineClosingDays = InstalmentSchedule.FirstChargeDay + 1,
        });
        // Plain text: the hash is taken over it, and each reader (HTML page, email) escapes it its own way.
        return Sections(Template.Value.Render(context, NullEncoder.Default));
    }

    /// <summary>The price of the whole course for one trainee of each category the course offers.</summary>
    private static List<ContractPrice> Prices(Course course) =>
    [
        .. new[] { (TraineeCategory.Professional, "professionnel(le)", QuoteRequest.Inter(1, 0)), (TraineeCategory.Volunteer, "bénévole", QuoteRequest.Inter(0, 1)) }
            .Select(c => (c.Item2, Outcome: TariffEngine.Price(course, c.Item3)))
            .Where(c => c.Outcome is QuoteOutcome.Priced)
            .Select(c => new ContractPrice(c.Item1, ((QuoteOutcome.Priced)c.Outcome).Quote.TotalCents)),
    ];

    /// <summary>Blocks separated by blank lines: « # » the title, « ## » a heading, anything else a paragraph of the last heading.</summary>
    private static TrainingContract Sections(string text)
    {
        var blocks = text.Replace("\r\n", "\n").Split("\n\n").Select(b => string.Join(" ", b.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))).Where(b => b.Length > 0);
        string? title = null;
        var sections = new List<(string Heading, List<string> Paragraphs)>();
        foreach (var block in blocks)
        {
            if (block.StartsWith(HeadingMark, StringComparison.Ordinal)) sections.Add((block[HeadingMark.Length..], []));
            else if (block.StartsWith(TitleMark, StringComparison.Ordinal)) title = block[TitleMark.Length..];
            else if (sections.Count > 0) sections[^1].Paragraphs.Add(block);
            else throw new InvalidOperationException($"{TemplateResource}: a paragraph comes before the first « ## » heading.");
        }
        return new TrainingContract(title ?? throw new InvalidOperationException($"{TemplateResource}: no « # » title."),
            [.. sections.Select(s => new ContractSection(s.Heading, s.Paragraphs))]);
    }

    private static IFluidTemplate Parse(string text) =>
        new FluidParser().TryParse(text, out var template, out var error)
            ? template
            : throw new ContentException([new ContentError("site/theme/" + TemplateResource, "Liquid", error)]);

    private static string ReadResource(string name)
    {
        using var stream = typeof(TrainingContractWriter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Monalisa.Content.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A line of the contract's price article.</summary>
public sealed record ContractPrice(string Category, long TotalCents);
