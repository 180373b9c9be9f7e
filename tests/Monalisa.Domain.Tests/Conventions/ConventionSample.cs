using Markdig;
using System.Text.RegularExpressions;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests.Conventions;

/// <summary>The real course file and settings, and an organisation's enrolment of two people on invoice, for the convention tests.</summary>
internal static partial class ConventionSample
{
    public static readonly Course Course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
    public static CourseSession Session => Course.Sessions[0];
    public static SiteSettings Settings => SiteSettings.LoadEmbedded();

    public static EnrolmentRecord OrganisationEnrolment(string? purchaseOrder = null, PublicBuyer? publicBody = null, PaymentMethod method = PaymentMethod.Invoice)
    {
        var quote = ((QuoteOutcome.Priced)TariffEngine.Price(Course, QuoteRequest.Inter(1, 1))).Quote;
        return new EnrolmentRecord
        {
            Id = Session.Id + "_abcdefghijkmnpqr",
            SessionId = Session.Id,
            CourseSlug = Course.Slug,
            SessionEnd = new DateTimeOffset(Session.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            State = EnrolmentState.AwaitingInvoice,
            CreatedAt = new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero),
            PaymentMethod = method,
            Payer = new Payer(PayerKind.Organisation, "Commune de Villeurbanne", "formation@villeurbanne.example.org", "Place Lazare-Goujon\n69100 Villeurbanne",
                "21690266800013", purchaseOrder) { PublicBody = publicBody },
            Trainees =
            [
                new Trainee("Claire", "Dubois", "claire@villeurbanne.example.org", null, "Commune de Villeurbanne", "Animatrice sociale", TraineeCategory.Professional),
                new Trainee("Marc", "Petit", "marc@example.org", null, null, null, TraineeCategory.Volunteer),
            ],
            Lines = quote.Lines,
            Days = quote.Days,
            TotalCents = quote.TotalCents,
            TokenHash = "hash",
        };
    }

    public static TrainingConvention Render(EnrolmentRecord enrolment, SiteSettings? settings = null) =>
        ConventionWriter.For(Course, Session, settings ?? Settings, enrolment);

    /// <summary>What a reader sees: the Markdown's text without its marks or escapes, spaces folded.</summary>
    public static string Plain(TrainingConvention convention) =>
        Spaces().Replace(Markdig.Markdown.ToPlainText(convention.Text, new Markdig.MarkdownPipelineBuilder().UsePipeTables().Build()), " ");

    /// <summary>Spaces folded as <see cref="Plain"/> folds them (French formats use no-break spaces).</summary>
    public static string Fold(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
