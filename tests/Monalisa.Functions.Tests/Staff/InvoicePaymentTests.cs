using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Staff;

/// <summary>
/// An invoice enrolment is confirmed by staff or a purchase order, and paid later: no email may say « Montant réglé »
/// until staff record a payment, and a recorded payment is counted once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvoicePaymentTests(AzuriteFixture storage)
{
    private const string Payer = "compta@ccas-lyon.example.org";

    private static async Task<EnrolmentRecord> EnrolmentAsync(EmailTestHost host, string id) =>
        (await host.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    private static async Task<HttpResponseMessage> PostJsonAsync(EmailTestHost host, string path, object body) =>
        await (await host.StaffAsync()).PostAsJsonAsync(path, body);

    private static async Task<List<SendGridStub.Received>> SentAsync(EmailTestHost host)
    {
        await host.DrainQueuesAsync();
        return [.. host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf))];
    }

    [Fact]
    public async Task A_staff_confirmation_without_payment_says_the_invoice_is_due_and_never_montant_regle()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm")).StatusCode);

        var toPayer = (await SentAsync(host)).Where(s => s.To.Contains(Payer)).ToList();
        var confirmed = Assert.Single(toPayer, s => s.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal));
        Assert.DoesNotContain("Montant réglé", confirmed.Text + confirmed.Html);
        Assert.DoesNotContain("Reçu", confirmed.Text);
        Assert.Contains("30 jours", confirmed.Text);
        Assert.Contains("800\u00A0€", confirmed.Text);
        Assert.All(toPayer, s => Assert.DoesNotContain("Montant réglé", s.Text));
    }

    [Fact]
    public async Task A_purchase_order_confirms_the_place_but_no_email_says_montant_regle()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/purchase-order", new { reference = "BC-2027-042" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = await SentAsync(host);
        Assert.Contains(sent, s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal));
        Assert.All(sent, s => Assert.DoesNotContain("Montant réglé", s.Text + s.Html));
    }
}
