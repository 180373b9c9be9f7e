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
    public const string TemplateResource = "legal/" + TemplateName;
    private const string TemplateName = "contrat-formation.liquid";

    private const string TitleMark = "# ";
    private const string HeadingMark = "## ";

    private static readonly Lazy<IFluidTemplate> Template = new(() => LegalTemplates.Parse(TemplateName));
    private static readonly TemplateOptions Options = FrenchFilters.Options();

    /// <summary>
    /// The contract of <paramref name="trainee"/>, signed on <paramref name="signedOn"/>: the price of their category and
    /// the instalments that follow from that day. The enrolment form's preview and the submission both call this, so the
    /// text the trainee reads is the text whose hash the server checks.
    /// </summary>
    public static TrainingContract For(Course course, CourseSession session, ContractParties parties, ContractTrainee trainee, DateOnly signedOn)
    {
        var total = PriceCents(course, trainee.Category);
        return For(course, session, parties, trainee, total, InstalmentSchedule.For(total, signedOn, session.Start));
    }

    /// <summary>The contract as it was accepted, from the enrolment's stored price and instalments (the contract email).</summary>
    public static TrainingContract For(Course course, CourseSession session, ContractParties parties, ContractTrainee trainee, long totalCents, IReadOnlyList<Instalment> schedule)
    {
        var context = new TemplateContext(Options);
        context.SetValue("version", TrainingContract.GeneratorVersion);
        context.SetValue("course", course);
        context.SetValue("session", session);
        context.SetValue("parties", parties with { Siret = LegalTemplates.WithoutLabel(parties.Siret) });
        context.SetValue("trainee", trainee);
        context.SetValue("category", trainee.Category == TraineeCategory.Volunteer ? "bénévole" : "professionnel(le)");
        context.SetValue("total_cents", totalCents);
        context.SetValue("instalments", schedule);
        context.SetValue("place", LegalTemplates.Place(session));
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

    /// <summary>The whole course's price for one trainee of this category (the inter rate the form quotes).</summary>
    public static long PriceCents(Course course, TraineeCategory category) =>
        TariffEngine.Price(course, category == TraineeCategory.Volunteer ? QuoteRequest.Inter(0, 1) : QuoteRequest.Inter(1, 0)) is QuoteOutcome.Priced priced
            ? priced.Quote.TotalCents
            : throw new InvalidOperationException($"{course.Slug} has no inter price for this category.");

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
}
