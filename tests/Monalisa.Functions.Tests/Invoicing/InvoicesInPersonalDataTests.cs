using System.Net;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Invoicing;

/// <summary>A payer's personal-data export (RGPD, article 15) lists the invoices issued to them, which the ledger keeps.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvoicesInPersonalDataTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_payers_export_lists_each_invoice_issued_to_them_with_its_number_and_amount()
    {
        await using var host = await InvoicingHost.StartAsync(storage);
        var paid = await host.PaidByCardAsync();
        await host.RunQueuesAsync();
        var invoice = Assert.Single(await host.LedgerOfAsync(paid.Id)).Issued;
        var staff = await host.Api.SignInAsync();

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/equipe/personnes/export")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = paid.Payer.Email }),
        };
        request.Headers.Accept.ParseAdd("text/html");
        var response = await staff.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var enrolment = json.RootElement.GetProperty("inscriptions").EnumerateArray().Single(e => e.GetProperty("inscription").GetString() == paid.Id);
        var listed = Assert.Single(enrolment.GetProperty("factures").EnumerateArray());
        Assert.Equal(invoice.Number, listed.GetProperty("numero").GetString());
        Assert.Equal("facture", listed.GetProperty("nature").GetString());
        Assert.Equal(Monalisa.Domain.Text.FrenchFormat.EurosFromCents(paid.TotalCents), listed.GetProperty("montant").GetString());
    }
}
