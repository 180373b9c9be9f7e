using System.Text;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>The Markdown → PDF writer, on its own: text that can be read back, pages that break cleanly, same bytes every time.</summary>
public sealed class PdfWriterTests
{
    private static readonly PdfProperties Properties = new("Document d'essai", "Essai", new DateTimeOffset(2027, 1, 15, 9, 30, 0, TimeSpan.Zero));
    private readonly PdfWriter _writer = new();

    private const string Sample = """
        # Convention de formation — « Coopérer »

        ## Article 1 — Les parties

        Entre l'**Association MONALISA**, *organisme de formation*, et la commune de Saint-Œuvre (1 234,50 €).

        - premier point de la liste
        - second point, un peu plus long pour voir la coupure des lignes quand le texte dépasse la largeur de la page A4

        | Stagiaire | Catégorie | Prix |
        |---|---|--:|
        | Élodie Dupré | professionnelle | 450,00 € |
        | Jean Martin | bénévole | 150,00 € |

        ---

        Fin du document.
        """;

    [Fact]
    public void Headings_paragraphs_lists_and_tables_are_text_a_reader_can_extract()
    {
        var text = PdfText.Read(_writer.Write(Sample, Properties));

        Assert.Contains("Convention de formation — « Coopérer »", text.All);
        Assert.Contains("Article 1 — Les parties", text.All);
        Assert.Contains("Entre l'Association MONALISA, organisme de formation, et la commune de Saint-Œuvre (1 234,50 €).", text.Flat);
        Assert.Contains("premier point de la liste", text.All);
        Assert.Contains("dépasse la largeur de la page A4", text.Flat);
        Assert.Contains("Élodie Dupré", text.All);
        Assert.Contains("450,00 €", text.All);
        Assert.Contains("Fin du document.", text.All);
        Assert.Equal(0, text.ImageCount);
    }

    [Fact]
    public void The_document_information_carries_the_given_title_and_subject()
    {
        var text = PdfText.Read(_writer.Write(Sample, Properties));

        Assert.Equal("Document d'essai", text.Title);
        Assert.Equal("Essai", text.Subject);
    }

    [Fact]
    public void The_same_markdown_and_properties_give_the_same_bytes()
    {
        var first = _writer.Write(Sample, Properties);
        var second = _writer.Write(Sample, Properties);

        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(first)), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(second)));
        Assert.NotEqual(first, _writer.Write(Sample + "\n\nUn mot de plus.", Properties));
    }

    [Fact]
    public void A_long_table_continues_on_the_next_pages_with_its_header_and_a_page_footer_on_each()
    {
        var markdown = new StringBuilder("# Liste longue\n\n| N° | Désignation | Montant |\n|--:|---|--:|\n");
        for (var i = 1; i <= 120; i++) markdown.Append($"| {i} | Ligne numéro {i} de la table | {i},00 € |\n");

        var text = PdfText.Read(_writer.Write(markdown.ToString(), Properties));

        Assert.True(text.Pages.Count >= 3, $"{text.Pages.Count} page(s)");
        for (var p = 0; p < text.Pages.Count; p++)
        {
            Assert.Contains($"page {p + 1} / {text.Pages.Count}", text.Pages[p]);
            Assert.Contains("Désignation", text.Pages[p]);
        }
        // Every row, whole, exactly once: no row is cut between two pages or lost.
        for (var i = 1; i <= 120; i++)
            Assert.Single(text.Pages, page => page.Contains($"Ligne numéro {i} de la table", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_paragraph_wraps_inside_the_margins_and_breaks_between_lines_not_within_one()
    {
        var words = string.Join(" ", Enumerable.Range(1, 1500).Select(i => $"mot{i}"));

        var pdf = _writer.Write("# Titre\n\n" + words, Properties);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);

        Assert.True(document.NumberOfPages >= 2);
        var all = document.GetPages().SelectMany(p => p.GetWords().Select(w => (Page: p, Word: w))).ToList();
        // Inside the page's margins (2 cm = 56.7 pt), and each word whole.
        Assert.All(all, w => Assert.InRange(w.Word.BoundingBox.Left, 56, w.Page.Width - 56));
        Assert.All(all, w => Assert.InRange(w.Word.BoundingBox.Right, 56, w.Page.Width - 56));
        // Above the bottom margin (PdfPig counts from the bottom): a line that does not fit goes to the next page whole.
        Assert.All(all.Where(w => w.Word.Text.StartsWith("mot", StringComparison.Ordinal)), w => Assert.True(w.Word.BoundingBox.Bottom >= 56, $"{w.Word.Text} at {w.Word.BoundingBox.Bottom}"));
        var found = all.Select(w => w.Word.Text).Where(t => t.StartsWith("mot", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 1500).Select(i => $"mot{i}"), found);
    }

    [Fact]
    public void A_word_wider_than_the_page_is_cut_rather_than_run_off_the_page()
    {
        var pdf = _writer.Write(new string('W', 400), Properties);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);

        var letters = document.GetPages().SelectMany(p => p.Letters).ToList();
        Assert.Equal(400, letters.Count(l => l.Value == "W"));
        Assert.All(letters.Where(l => l.Value == "W"), l => Assert.True(l.BoundingBox.Right <= PdfPages.A4Width - 56));
    }

    [Fact]
    public void Concurrent_writers_give_each_the_same_bytes_as_one_alone()
    {
        var alone = _writer.Write(Sample, Properties);

        var together = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => _writer.Write(Sample, Properties)).ToList();

        Assert.All(together, pdf => Assert.Equal(alone, pdf));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Un smiley 😀, un idéogramme 漢字, une tabulation\tet un caractère de contrôle \u0001.")]
    [InlineData("| seul |")]
    [InlineData("<script>alert(1)</script>\n\n```\ncode\n```\n\n> citation\n\n1. un\n2. deux\n   - imbriqué")]
    public void Odd_or_empty_markdown_still_gives_a_readable_pdf(string markdown)
    {
        var text = System.Text.RegularExpressions.Regex.Unescape(markdown);

        var pdf = PdfText.Read(_writer.Write(text, Properties));

        Assert.Single(pdf.Pages);
        Assert.Contains("page 1 / 1", pdf.All);
    }

    [Fact]
    public void A_title_too_long_for_the_footer_is_shortened_there_and_kept_whole_in_the_document_information()
    {
        var title = "Convention de formation professionnelle — " + string.Join(" ", Enumerable.Repeat("très longue", 30));

        var pdf = PdfText.Read(_writer.Write("Texte.", Properties with { Title = title }));

        Assert.Equal(title, pdf.Title);
        var footer = pdf.Pages[0].Split('\n').Single(l => l.Contains("page 1 / 1", StringComparison.Ordinal));
        Assert.Contains("Convention de formation professionnelle — très longue", footer);
        Assert.Contains("…", footer);
    }

    [Fact]
    public void A_heading_never_ends_a_page_without_the_text_that_follows_it()
    {
        // Sections of 1 to 13 lines: some heading falls on each possible last line of a page.
        var markdown = string.Join("\n\n", Enumerable.Range(1, 120).Select(i =>
            $"## Rubrique {i}\n\n" + string.Join(" ", Enumerable.Repeat($"Texte de la rubrique numéro {i} qui occupe une ligne entière ou presque.", 1 + i * 7 % 13))));

        var pdf = PdfText.Read(_writer.Write(markdown, Properties));

        Assert.True(pdf.Pages.Count >= 3);
        foreach (var page in pdf.Pages.SkipLast(1))
        {
            var lines = page.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var lastBeforeFooter = lines[^2];
            Assert.False(lastBeforeFooter.StartsWith("Rubrique", StringComparison.Ordinal), $"the page ends on « {lastBeforeFooter} »");
        }
    }
}
