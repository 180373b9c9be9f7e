using System.Net;
using System.Text.RegularExpressions;
using Monalisa.Functions.Tests.Documents;

namespace Monalisa.Functions.Tests.Certificates;

/// <summary>The assessment form (trainer or staff) and the staff's list of documents with their downloads.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CertificatePagesTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Camille = "camille.martin@example.org";

    private CertificatesHost _host = null!;

    public async Task InitializeAsync() => _host = await CertificatesHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Evaluation => $"/api/equipe/sessions/{_host.SessionId}/evaluation";
    private string List => $"/api/equipe/sessions/{_host.SessionId}/certificats";

    [Fact]
    public async Task A_trainer_records_a_result_on_the_form_but_cannot_open_the_documents_and_an_account_without_role_opens_neither()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        var trainer = await _host.Api.SignInAsync("Claire Formatrice", "trainer");
        var nobody = await _host.Api.SignInAsync("Quelqu'un", "aucun");

        var form = await trainer.GetAsync(Evaluation);
        var recorded = await _host.EvaluateAsync(trainer, id, Camille, "atteints", "Très impliquée.");
        var trainerList = await trainer.GetAsync(List);
        var nobodyForm = await nobody.GetAsync(Evaluation);
        var nobodyPost = await _host.EvaluateAsync(nobody, id, Camille, "non-atteints");

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("Camille Martin", html);
        Assert.Contains("value=\"partiellement-atteints\"", html);
        Assert.Equal(HttpStatusCode.SeeOther, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, trainerList.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nobodyForm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nobodyPost.StatusCode);
        var assessment = Assert.Single(await _host.RowsAsync("assessment|"));
        Assert.Equal(("atteints", "Claire Formatrice", "Très impliquée."), (assessment.GetString("Result"), assessment.GetString("RecordedBy"), assessment.GetString("Comment")));
    }

    [Fact]
    public async Task A_result_that_is_missing_or_a_trainee_of_another_session_is_refused_in_french()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        var staff = await _host.Host.Mail.StaffAsync();

        var noResult = await _host.EvaluateAsync(staff, id, Camille, "excellent");
        var stranger = await _host.EvaluateAsync(staff, id, "personne@example.org", "atteints");

        var errors = await ProblemAssert.IsProblemAsync(noResult, HttpStatusCode.BadRequest);
        Assert.Contains("result", errors.Keys);
        Assert.Contains("trainee", (await ProblemAssert.IsProblemAsync(stranger, HttpStatusCode.BadRequest)).Keys);
        Assert.Empty(await _host.RowsAsync("assessment|"));
    }

    [Fact]
    public async Task Staff_see_each_trainees_hours_and_download_the_pdf_as_issued_and_trainees_without_hours_are_listed()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        await _host.CloseAsync(1, _host.Trainee(id, Camille, 1), _host.Trainee(id, "dominique.durand@example.org", 0, 1, 2, 3));
        var staff = await _host.Host.Mail.StaffAsync();

        var page = await staff.GetAsync(List);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()).Replace('\u00A0', ' ');
        var link = PdfLink().Match(html).Groups[1].Value;
        var pdf = await staff.GetAsync(link);

        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("10 h 30 sur 14 h", html);
        Assert.Contains("data-list=\"without-hours\"", html);
        Assert.Matches("without-hours[^<]*<li[^>]*>Dominique Durand", html);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var email = Assert.Single(_host.EmailsTo(Camille));
        Assert.Equal(CertificatesHost.Pdf(email, "certificat-realisation.pdf"), await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("10 h 30", PdfText.Read(await pdf.Content.ReadAsByteArrayAsync()).Flat);
        Assert.Empty(_host.EmailsTo("dominique.durand@example.org"));
    }

    [GeneratedRegex("href=\"([^\"]+/certificats/[^\"]+/realisation/1)\"")]
    private static partial Regex PdfLink();
}
