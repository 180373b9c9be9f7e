using System.Net;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Console;

/// <summary>Every console form comes back to the enrolment page with words for what was done, never raw JSON or internal names.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConsoleFormRepliesTests(AzuriteFixture storage)
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, params (string Key, string Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields.ToDictionary(f => f.Key, f => f.Value)) };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("extend", "days", "7", "prolongation", "Réservation prolongée.")]
    [InlineData("purchase-order", "reference", "BC-2027-001", "bon-de-commande", "Bon de commande enregistré")]
    [InlineData("payments", "amount", "800", "paiement-enregistre", "Paiement enregistré.")]
    public async Task A_console_form_returns_to_the_enrolment_page_which_says_what_was_done(string action, string field, string value, string code, string message)
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();
        var staff = await host.StaffAsync();
        (string, string)[] fields = action == "payments"
            ? [(field, value), ("receivedOn", "2026-12-01"), ("method", "virement"), ("reference", "VIR-1")]
            : [(field, value)];

        var response = await PostFormAsync(staff, $"/api/staff/enrolments/{id}/{action}", fields);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/api/equipe/inscriptions/{id}?fait={code}", response.Headers.Location!.ToString());
        var page = await (await staff.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains(message, page);
    }

    [Fact]
    public async Task A_console_form_with_a_bad_field_gets_the_french_error_page_with_a_way_back()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();

        var response = await PostFormAsync(await host.StaffAsync(), $"/api/staff/enrolments/{id}/extend", ("days", "900"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("entre 1 et 60 jours", html);
        Assert.Contains($"/api/equipe/inscriptions/{id}", html);
    }

    [Fact]
    public async Task The_timeline_words_staff_payments_and_emails_in_french_and_says_au_payeur()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();
        var staff = await host.StaffAsync();
        await PostFormAsync(staff, $"/api/staff/enrolments/{id}/payments", ("amount", "800"), ("receivedOn", "2026-12-01"), ("method", "virement"), ("reference", "VIR-2"));
        await host.DrainQueuesAsync();

        var page = await (await staff.GetAsync($"/api/equipe/inscriptions/{id}")).Content.ReadAsStringAsync();

        Assert.Contains("Paiement enregistré : 800", page);
        Assert.Contains("« reçu de paiement » au payeur", page);
        Assert.DoesNotContain("PaymentRecorded", page.Replace("data-kind=\"PaymentRecorded\"", ""));
        Assert.DoesNotContain("à le payeur", page);
    }
}
