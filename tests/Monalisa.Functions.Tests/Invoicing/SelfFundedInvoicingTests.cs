using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Invoicing;

/// <summary>A self-funded trainee (L6353-6 instalments) gets one invoice, of the whole quote, at the first instalment paid.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfFundedInvoicingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private InvoicingHost _host = null!;

    public async Task InitializeAsync() => _host = await InvoicingHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private void Day(int day) => _host.Api.Clock.SetUtcNow(TestApi.DefaultNow.AddDays(day));

    [Fact]
    public async Task One_invoice_of_the_whole_quote_is_issued_at_the_first_instalment_and_none_at_the_balance()
    {
        var course = _host.Mail.Course;
        var response = await _host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(course.SessionId).Volunteers(1).SelfFunded(course.ContractSha256On(_host.Api.Clock.Today())).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var signed = await _host.EnrolmentAsync(id);
        await _host.WebhookAsync(StripeEvents.SetupCompletedEvent("evt_" + Guid.NewGuid().ToString("N"), id, course.SessionId, signed.CheckoutSessionId!, "seti_test_1", signed.StripeCustomerId, _host.Api.Clock.GetUtcNow()));
        await _host.RunQueuesAsync();
        Assert.Empty(await _host.LedgerOfAsync(id));

        Day(11);
        await _host.RunTimerAsync("ChargeInstalments");
        await _host.RunQueuesAsync();
        var afterFirst = await _host.EnrolmentAsync(id);
        Assert.Equal(EnrolmentState.PartlyPaid, afterFirst.State);
        var invoice = Assert.Single(await _host.LedgerOfAsync(id)).Document;
        Assert.Equal(course.Price(0, 1).TotalCents, invoice.Totals.GrossCents);
        Assert.Equal(afterFirst.Instalments[0].AmountCents, invoice.Totals.PaidCents);
        Assert.Equal(PayerKind.Individual, afterFirst.Payer.Kind);
        // A private person: no 40 € recovery fee (D441-5 is for professional buyers).
        Assert.DoesNotContain("D441-5", invoice.PaymentTerms);
        Assert.Contains("aux échéances du contrat de formation", invoice.PaymentTerms);

        var session = course.Course.Sessions[0];
        _host.Api.Clock.SetUtcNow(new DateTimeOffset(session.Start.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));
        await _host.RunTimerAsync("ChargeInstalments");
        await _host.RunQueuesAsync();
        await _host.RunTimerAsync("SweepBilling");

        Assert.Equal(EnrolmentState.Confirmed, (await _host.EnrolmentAsync(id)).State);
        Assert.Single(await _host.LedgerOfAsync(id));
    }
}
