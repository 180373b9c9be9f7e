using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Tests.Invoicing;

/// <summary>
/// A public body (collectivité, public establishment) is invoiced after the service, as public accounting pays: not at
/// confirmation, but once the session's last day is over, by the billing sweep; its invoice waits for Chorus Pro.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicBodyInvoicingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private InvoicingHost _host = null!;

    public async Task InitializeAsync() => _host = await InvoicingHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// An invoice enrolment made a public buyer's: the form's public-buyer fields are another branch's (Chorus Pro), so
    /// the stored payer is given its routing here, as that form will store it.
    /// </summary>
    private async Task<string> PublicBodyEnrolmentAsync()
    {
        var (id, _) = await _host.Mail.EnrolByInvoiceAsync(organisation: "Commune de Villeurbanne");
        var store = _host.Api.Services.GetRequiredService<EnrolmentStore>();
        var record = (await store.GetAsync(id, CancellationToken.None))!;
        var table = _host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Enrolments");
        var routed = record with { Payer = record.Payer with { Siret = "21690266800013", PublicBody = new PublicBuyer("SERV-FORMATION", "EJ-2027-0042") } };
        await table.UpdateEntityAsync(EnrolmentEntityMapping.ToEntity(routed), Azure.ETag.All, TableUpdateMode.Replace);
        return id;
    }

    [Fact]
    public async Task A_public_body_confirmed_is_invoiced_only_once_the_session_is_over_with_its_routing_and_a_chorus_row()
    {
        var id = await PublicBodyEnrolmentAsync();
        Assert.Equal(HttpStatusCode.OK, (await _host.Mail.StaffPostAsync($"/api/staff/enrolments/{id}/confirm")).StatusCode);

        await _host.RunQueuesAsync();
        await _host.RunTimerAsync("SweepBilling");
        Assert.Empty(await _host.LedgerOfAsync(id));

        // The session is 16–17 March 2027: still nothing on its last day, the invoice the day after.
        _host.Api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 17, 18, 0, 0, TimeSpan.Zero));
        await _host.RunTimerAsync("SweepBilling");
        Assert.Empty(await _host.LedgerOfAsync(id));
        _host.Api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 18, 8, 0, 0, TimeSpan.Zero));
        await _host.RunTimerAsync("SweepBilling");
        await _host.RunQueuesAsync();

        var document = Assert.Single(await _host.LedgerOfAsync(id)).Document;
        Assert.Equal(("EJ-2027-0042", "SERV-FORMATION", "216902668", true), (document.PurchaseOrderReference, document.BuyerReference, document.Buyer.Siren, document.PublicBuyer));
        Assert.Equal(new DateOnly(2027, 3, 18), document.IssueDate);
        var chorus = Assert.Single(await _host.LedgerRowsAsync($"chorus|{document.Number}"));
        Assert.Equal("ToDeposit", chorus.GetString("Status"));
        Assert.Single((await _host.EnrolmentAsync(id)).Documents);
    }

    [Fact]
    public async Task The_staff_list_shows_every_document_with_its_status_and_chorus_status_and_downloads_the_pdf_issued()
    {
        var id = await PublicBodyEnrolmentAsync();
        await _host.Mail.StaffPostAsync($"/api/staff/enrolments/{id}/confirm");
        _host.Api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 18, 8, 0, 0, TimeSpan.Zero));
        await _host.RunTimerAsync("SweepBilling");
        var number = Assert.Single((await _host.EnrolmentAsync(id)).Documents).Number;
        var staff = await _host.Mail.StaffAsync();

        var list = await staff.GetAsync("/api/equipe/factures");
        var download = await staff.GetAsync($"/api/equipe/factures/{number}");
        var anonymous = await _host.Client.GetAsync($"/api/equipe/factures/{number}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var html = await list.Content.ReadAsStringAsync();
        Assert.Contains($"data-number=\"{number}\" data-status=\"issued\"", html);
        Assert.Contains("data-chorus=\"ToDeposit\"", html);
        Assert.Contains("Commune de Villeurbanne", html);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Contains(number, Documents.PdfText.Read(await download.Content.ReadAsByteArrayAsync()).Flat);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }
}
