using System.Net;
using System.Text;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Staff;

[Collection(AzuriteCollection.Name)]
public sealed class StaffApiTests(AzuriteFixture storage)
{
    [Theory]
    [InlineData(null)]
    [InlineData("mauvaise-cle")]
    [InlineData("cle-locale-de-developpement")] // the local host's former key: no setting reads it any more
    public async Task The_export_without_a_signed_in_staff_member_is_401_with_no_data_whatever_function_key_is_sent(string? key)
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.EnrolByInvoiceAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/staff/sessions/{host.Course.SessionId}/enrolments.csv");
        if (key is not null) request.Headers.Add("x-functions-key", key);
        var response = await host.Client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);

        var byQuery = await host.Client.GetAsync($"/api/staff/sessions/{host.Course.SessionId}/enrolments.csv?code={key}");
        await ProblemAssert.IsProblemAsync(byQuery, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_export_has_one_line_per_trainee_in_utf8_with_bom_semicolons_and_neutralised_formulas()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.DrainQueuesAsync();

        var response = await (await host.StaffAsync()).GetAsync($"/api/staff/sessions/{host.Course.SessionId}/enrolments.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);

        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Inscription;État;Session;Stagiaire;E-mail du stagiaire", lines[0]);
        var camille = lines[1];
        Assert.StartsWith($"{id};Inscription enregistrée, en attente de règlement;{host.Course.SessionId};Camille Martin;camille.martin@example.org;", camille);
        Assert.Contains(";\"'=HYPERLINK(\"\"http://x\"\")\";", camille);
        Assert.Contains(";Professionnel;500,00;CCAS de Lyon;compta@ccas-lyon.example.org;Sur facture (virement ou mandat administratif);800,00;", camille);
        Assert.Contains(";Bénévole;300,00;", lines[2]);
        // Email status: payer + staff, all sent (trainees hear from us once the enrolment is confirmed).
        var header = lines[0].Split(';');
        Assert.Equal("2", camille.Split(';')[Array.IndexOf(header, "E-mails envoyés")]);
    }

    [Fact]
    public async Task An_unknown_session_is_404()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await (await host.StaffAsync()).GetAsync("/api/staff/sessions/inconnue/enrolments.csv");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_can_cancel_an_invoice_enrolment_but_not_confirm_it_afterwards()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.PostAsync($"/api/staff/enrolments/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.StaffPostAsync($"/api/staff/enrolments/{id}/cancel")).StatusCode);
        await ProblemAssert.IsProblemAsync(await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm"), HttpStatusCode.Conflict);
    }
}
