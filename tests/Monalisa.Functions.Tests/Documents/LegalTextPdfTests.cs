using Monalisa.Content;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>
/// The legal texts of site/theme/legal/ (the contract today, the convention next) as PDF: « # » title, « ## » articles,
/// long paragraphs and a table of trainees, all read back whole and in order.
/// </summary>
public sealed class LegalTextPdfTests
{
    private static readonly PdfProperties Properties = new("Contrat de formation", "Essai", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The real contract of the first course, in the Markdown its template writes, with a table of trainees after it.</summary>
    public static (TrainingContract Contract, string Markdown) ContractWithTrainees()
    {
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var contract = TrainingContractWriter.For(course, course.Sessions[0], SiteSettings.LoadEmbedded().ContractParties(),
            new ContractTrainee("Dominique", "Lefèvre", new PostalAddress("3 rue des Lilas", "69003", "Lyon"), TraineeCategory.Volunteer), new DateOnly(2026, 12, 1));
        var markdown = $"# {contract.Title}\n\n"
            + string.Join("\n\n", contract.Sections.Select(s => $"## {s.Heading}\n\n{string.Join("\n\n", s.Paragraphs)}"))
            + "\n\n## Stagiaires\n\n| Nom | Fonction | Catégorie |\n|---|---|---|\n"
            + string.Join("\n", Enumerable.Range(1, 12).Select(i => $"| Stagiaire numéro {i} | Animatrice de réseau | {(i % 3 == 0 ? "bénévole" : "professionnel")} |"))
            + "\n";
        return (contract, markdown);
    }

    [Fact]
    public void Every_heading_and_paragraph_of_the_contract_is_in_the_pdf_in_order()
    {
        var (contract, markdown) = ContractWithTrainees();

        var text = PdfText.Read(new PdfWriter().Write(markdown, Properties)).Flat;

        var position = text.IndexOf(contract.Title, StringComparison.Ordinal);
        Assert.True(position >= 0, contract.Title);
        foreach (var piece in contract.Sections.SelectMany(s => s.Paragraphs.Prepend(s.Heading)).Select(PdfText.Normalise))
        {
            var next = text.IndexOf(piece, position, StringComparison.Ordinal);
            Assert.True(next >= position, $"« {piece} » is missing or out of order");
            position = next;
        }
    }

    [Fact]
    public void The_table_of_trainees_lists_each_one_with_their_function_and_category()
    {
        var (_, markdown) = ContractWithTrainees();

        var pdf = PdfText.Read(new PdfWriter().Write(markdown, Properties));

        for (var i = 1; i <= 12; i++)
            Assert.Contains($"Stagiaire numéro {i} Animatrice de réseau {(i % 3 == 0 ? "bénévole" : "professionnel")}", pdf.Flat);
        Assert.True(pdf.Pages.Count >= 2);
        Assert.All(pdf.Pages.Select((p, i) => (p, i)), page => Assert.Contains($"page {page.i + 1} / {pdf.Pages.Count}", page.p));
    }
}
