using Monalisa.Content;
using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Documents;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>
/// The sample documents scripts/document-screenshots.sh turns into docs/screenshots/*.png (pdftoppm): an invoice, a
/// public buyer's invoice, a credit note, a convention and a contract, printed under artifacts/documents/ exactly as the app prints them.
/// </summary>
public sealed class DocumentSamples
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "artifacts", "documents");

    [Fact]
    public void The_sample_documents_are_printed_for_the_screenshots()
    {
        Directory.CreateDirectory(Folder);
        var printer = new BillingDocumentPrinter(new PdfWriter(), BillingDocumentSamples.Settings());
        var samples = new Dictionary<string, byte[]>
        {
            ["facture-exemple"] = printer.Print(BillingDocumentSamples.Invoice()),
            ["facture-acheteur-public"] = printer.Print(BillingDocumentSamples.PublicBuyerInvoice()),
            ["avoir-exemple"] = printer.Print(BillingDocumentSamples.CreditNote()),
            ["convention-exemple"] = new PdfWriter().Write(SampleConvention().Text,
                new PdfProperties("Convention de formation professionnelle", "Exemple", new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero))),
            ["contrat-exemple"] = new PdfWriter().Write(LegalTextPdfTests.ContractWithTrainees().Markdown,
                new PdfProperties("Contrat de formation professionnelle", "Exemple", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero))),
        };
        foreach (var (name, pdf) in samples)
        {
            File.WriteAllBytes(Path.Combine(Folder, name + ".pdf"), pdf);
            Assert.NotEmpty(PdfText.Read(pdf).All);
        }
    }

    /// <summary>A commune's enrolment of a professional and a volunteer on invoice, with a purchase order: its convention.</summary>
    private static TrainingConvention SampleConvention()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var session = course.Sessions[0];
        var quote = ((QuoteOutcome.Priced)TariffEngine.Price(course, QuoteRequest.Inter(1, 1))).Quote;
        var enrolment = new EnrolmentRecord
        {
            Id = session.Id + "_exemple",
            SessionId = session.Id,
            CourseSlug = course.Slug,
            SessionEnd = new DateTimeOffset(session.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            State = EnrolmentState.AwaitingInvoice,
            CreatedAt = new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero),
            PaymentMethod = PaymentMethod.Invoice,
            Payer = new Payer(PayerKind.Organisation, "Commune de Villeurbanne", "formation@villeurbanne.example.org", "Place Lazare-Goujon, 69100 Villeurbanne",
                "21690266800013", "BC-2027-0042") { PublicBody = new PublicBuyer("SERV-FORMATION", null) },
            Trainees =
            [
                new Trainee("Claire", "Dubois", "claire@villeurbanne.example.org", null, "Commune de Villeurbanne", "Animatrice sociale", TraineeCategory.Professional),
                new Trainee("Marc", "Petit", "marc@example.org", null, null, null, TraineeCategory.Volunteer),
            ],
            Lines = quote.Lines,
            Days = quote.Days,
            TotalCents = quote.TotalCents,
            TokenHash = "exemple",
        };
        return ConventionWriter.For(course, session, SiteSettings.LoadEmbedded(), enrolment);
    }
}
