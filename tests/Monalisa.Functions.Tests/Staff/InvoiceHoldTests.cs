using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Staff;

/// <summary>An invoice enrolment holds its places for a set time: staff are reminded, can extend it or record the purchase order.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvoiceHoldTests(AzuriteFixture storage)
{
    private static async Task<EnrolmentRecord> EnrolmentAsync(EmailTestHost host, string id) =>
        (await host.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    private static async Task<int> OutboxCountAsync(EmailTestHost host, string kind) =>
        (await host.OutboxAsync()).Count(o => o.GetString("Kind") == kind);

    private static async Task ReleaseAsync(EmailTestHost host)
    {
        var response = await host.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> StaffPostJsonAsync(EmailTestHost host, string path, object body) =>
        await (await host.StaffAsync()).SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(body),
        });

    [Fact]
    public async Task An_invoice_hold_lapses_after_seven_days_releasing_the_places_and_telling_payer_and_staff()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();

        host.Api.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await ReleaseAsync(host);
        Assert.Equal(EnrolmentState.AwaitingInvoice, (await EnrolmentAsync(host, id)).State);

        host.Api.Clock.Advance(TimeSpan.FromMinutes(2));
        await ReleaseAsync(host);

        var lapsed = await EnrolmentAsync(host, id);
        Assert.Equal(EnrolmentState.Expired, lapsed.State);
        Assert.Empty(lapsed.Seats);
        Assert.Equal(1, await OutboxCountAsync(host, "paiement-echoue"));
        Assert.Equal(1, await OutboxCountAsync(host, "staff-reservation-expiree"));
    }

    [Fact]
    public async Task Staff_are_reminded_exactly_once_before_the_hold_lapses_even_by_timer_runs_at_once()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();

        host.Api.Clock.Advance(TimeSpan.FromDays(4));
        await ReleaseAsync(host);
        Assert.Equal(0, await OutboxCountAsync(host, "staff-rappel-facture"));

        host.Api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ReleaseAsync(host)));
        await ReleaseAsync(host);

        Assert.Equal(1, await OutboxCountAsync(host, "staff-rappel-facture"));
        Assert.Equal(EnrolmentState.AwaitingInvoice, (await EnrolmentAsync(host, id)).State);
    }

    [Fact]
    public async Task Staff_extend_an_invoice_hold_and_get_a_reminder_again_for_the_new_deadline()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();
        var created = (await EnrolmentAsync(host, id)).CreatedAt;
        host.Api.Clock.Advance(TimeSpan.FromDays(6));
        await ReleaseAsync(host);

        var response = await StaffPostJsonAsync(host, $"/api/staff/enrolments/{id}/extend", new { days = 5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created + TimeSpan.FromDays(12), view.GetProperty("holdExpiresAt").GetDateTimeOffset());
        host.Api.Clock.Advance(TimeSpan.FromDays(2));
        await ReleaseAsync(host);
        Assert.Equal(EnrolmentState.AwaitingInvoice, (await EnrolmentAsync(host, id)).State);
        host.Api.Clock.Advance(TimeSpan.FromDays(2));
        await ReleaseAsync(host);
        Assert.Equal(2, await OutboxCountAsync(host, "staff-rappel-facture"));
    }

    [Theory]
    [InlineData("{\"days\":0}")]
    [InlineData("{\"days\":61}")]
    [InlineData("{\"days\":\"sept\"}")]
    [InlineData("{}")]
    public async Task An_extension_with_a_bad_number_of_days_is_a_french_problem_naming_the_field(string body)
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();

        var response = await (await host.StaffAsync()).SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/staff/enrolments/{id}/extend")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Single(problem.GetProperty("errors").GetProperty("days").EnumerateArray());
    }

    [Fact]
    public async Task An_extension_of_a_card_enrolment_or_without_the_key_changes_nothing()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm");

        await ProblemAssert.IsProblemAsync(await StaffPostJsonAsync(host, $"/api/staff/enrolments/{id}/extend", new { days = 3 }), HttpStatusCode.Conflict);
        var anonymous = await host.Client.PostAsJsonAsync($"/api/staff/enrolments/{id}/extend", new { days = 3 });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Recording_the_purchase_order_confirms_the_enrolment_with_its_reference_and_stops_the_lapse()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();

        await ProblemAssert.IsProblemAsync(await StaffPostJsonAsync(host, $"/api/staff/enrolments/{id}/purchase-order", new { reference = "" }), HttpStatusCode.BadRequest);
        var response = await StaffPostJsonAsync(host, $"/api/staff/enrolments/{id}/purchase-order", new { reference = "BC-2027-042" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var confirmed = await EnrolmentAsync(host, id);
        Assert.Equal(EnrolmentState.Confirmed, confirmed.State);
        Assert.Equal("BC-2027-042", confirmed.Payer.PurchaseOrder);
        Assert.Equal(1, await OutboxCountAsync(host, "inscription-confirmee"));
        host.Api.Clock.Advance(TimeSpan.FromDays(30));
        await ReleaseAsync(host);
        Assert.Equal(EnrolmentState.Confirmed, (await EnrolmentAsync(host, id)).State);
    }
}
