using System.Text.RegularExpressions;
using Fluid;
using Monalisa.Content.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Content;

/// <summary>
/// Writes the convention de formation of an organisation's enrolment (D6353-1) from
/// site/theme/legal/convention-formation.liquid (compiled into this library), the course file, the settings and the
/// enrolment as stored. The acceptance page, the PDF and the check of the posted hash all call this one renderer, so
/// the text the organisation reads is the text whose hash is kept.
/// </summary>
public static partial class ConventionWriter
{
    private const string TemplateName = "convention-formation.liquid";

    /// <summary>The fixed recovery fee every late professional payer owes (D441-5), in euros.</summary>
    public const int RecoveryFeeEuros = 40;

    private static readonly Lazy<IFluidTemplate> Template = new(() => LegalTemplates.Parse(TemplateName));
    private static readonly TemplateOptions Options = FrenchFilters.Options();

    /// <summary>
    /// The convention of <paramref name="enrolment"/> as it stands: its trainees, price and purchase order. Nothing in it
    /// depends on the day it is rendered, so the page shown yesterday and the form posted today agree.
    /// </summary>
    public static TrainingConvention For(Course course, CourseSession session, SiteSettings settings, EnrolmentRecord enrolment)
    {
        var payer = enrolment.Payer;
        var context = new TemplateContext(Options);
        context.SetValue("version", TrainingConvention.GeneratorVersion);
        context.SetValue("reference", enrolment.Id);
        context.SetValue("created_on", DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(enrolment.CreatedAt, ParisTime.Zone).DateTime));
        context.SetValue("course", course);
        context.SetValue("session", session);
        context.SetValue("place", LegalTemplates.Place(session));
        var parties = settings.ContractParties();
        context.SetValue("parties", parties with { Siret = LegalTemplates.WithoutLabel(parties.Siret) });
        context.SetValue("buyer", new
        {
            Name = OneLine(payer.Name),
            Address = OneLine(payer.Address),
            Siret = OneLine(payer.Siret),
            VatNumber = OneLine(payer.VatNumber),
            PurchaseOrder = OneLine(payer.PurchaseOrder),
            PublicBody = payer.PublicBody is not null,
            ServiceCode = OneLine(payer.PublicBody?.ServiceCode),
            CommitmentNumber = OneLine(payer.PublicBody?.CommitmentNumber),
        });
        context.SetValue("trainees", enrolment.Trainees.Select(t => new
        {
            FullName = OneLine($"{t.FirstName} {t.LastName}"),
            JobTitle = OneLine(t.JobTitle),
            Category = t.Category == TraineeCategory.Volunteer ? "bénévole" : "professionnel",
        }).ToList());
        context.SetValue("lines", enrolment.Lines.Select(l => new
        {
            l.Label,
            l.Quantity,
            UnitCents = l.UnitAmountCents(l.Days),
            AmountCents = Money.ToCents(l.Amount),
        }).ToList());
        context.SetValue("total_cents", enrolment.TotalCents);
        // What cancellations took off the quote (EnrolmentRecord.WaivedCents): the total printed is what is owed.
        context.SetValue("waived_cents", enrolment.WaivedCents);
        context.SetValue("vat", settings.Legal.Vat.Trim());
        context.SetValue("payment", new
        {
            Card = enrolment.PaymentMethod == PaymentMethod.Card,
            PublicBody = payer.PublicBody is not null,
            AfterSession = settings.Invoicing.PublicBodiesAfterSession,
            Days = settings.Invoicing.PaymentDays,
            BankDetails = settings.Invoicing.BankDetails.Trim(),
            LatePenaltyRate = settings.Invoicing.LatePenaltyRate.Trim(),
            RecoveryFeeEuros,
        });
        context.SetValue("purchase_order", ConventionDecisions.PurchaseOrderStandsIn(enrolment));
        // Every value is escaped for Markdown: a payer named « | » or « **x** » stays text in the tables and the PDF.
        var text = Tidy(Template.Value.Render(context, MarkdownEncoder.Instance));
        var title = text.Split('\n', 2)[0];
        return new TrainingConvention(title.StartsWith("# ", StringComparison.Ordinal)
            ? title[2..]
            : throw new InvalidOperationException($"site/theme/legal/{TemplateName}: the first line must be the « # » title."), text);
    }

    /// <summary>A typed value on one line: a line break would end a table row or a list item.</summary>
    private static string OneLine(string? value) => string.Join(", ", (value ?? "").Split('\n', '\r').Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary>"\n" line ends, no trailing spaces, at most one blank line in a row, one final newline: one text, one hash.</summary>
    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankLines();
}
