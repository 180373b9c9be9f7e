using Monalisa.Content;
using Monalisa.Domain.Certificates;
using Monalisa.Functions.Certificates;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>
/// The sample certificat de réalisation and attestation de fin de formation that scripts/document-screenshots.sh turns
/// into docs/screenshots/*.png (its filter « Documents.DocumentSamples » runs this class too), printed as the app prints
/// them: a trainee of a commune absent one afternoon of the 2-day course (10 h 30 of 14 h).
/// </summary>
public sealed class DocumentSamplesCertificates
{
    [Fact]
    public void The_sample_certificates_are_printed_for_the_screenshots()
    {
        Directory.CreateDirectory(DocumentSamples.Folder);
        var printer = new CertificatePrinter(new PdfWriter());
        foreach (var (name, kind) in new[] { ("certificat-realisation", CertificateKind.Realisation), ("attestation-fin-formation", CertificateKind.Attestation) })
        {
            var pdf = printer.Print(Sample(kind));
            File.WriteAllBytes(Path.Combine(DocumentSamples.Folder, name + ".pdf"), pdf);
            var text = PdfText.Read(pdf).Flat;
            Assert.Contains("10 h 30", text);
            // The ministry's model is one page.
            Assert.Single(PdfText.Read(pdf).Pages);
        }
    }

    public static CertificateContent Sample(CertificateKind kind)
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var session = course.Sessions[0];
        return new CertificateContent
        {
            Kind = kind,
            Provider = SiteSettings.LoadEmbedded().CertificateProvider(),
            TraineeName = "Claire Dubois",
            Employer = "Commune de Villeurbanne",
            EmployerAddress = "Place Lazare-Goujon, 69100 Villeurbanne",
            CourseTitle = course.Title,
            Objectives = course.Objectives,
            Start = session.Start,
            End = session.End,
            Place = session.City,
            MinutesAttended = 630,
            PlannedMinutes = 840,
            DurationHours = course.Duration.Hours,
            Result = kind == CertificateKind.Attestation ? AssessmentResult.Achieved : null,
            ResultComment = kind == CertificateKind.Attestation ? "Très bonne participation aux mises en situation." : null,
            Version = 1,
            IssuedOn = session.End.AddDays(1),
        };
    }
}
