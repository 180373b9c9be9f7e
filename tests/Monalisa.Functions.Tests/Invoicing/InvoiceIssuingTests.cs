using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Invoicing;

namespace Monalisa.Functions.Tests.Invoicing;

/// <summary>
/// Invoices and credit notes issued from what happens to enrolments, through the real queues, ledger and outbox:
/// exactly once, for the amount the payer was quoted and paid.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvoiceIssuingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private InvoicingHost _host = null!;

    public async Task InitializeAsync() => _host = await InvoicingHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>What Stripe was asked to charge: the checkout's lines, unit amount × quantity.</summary>
    private long StripeAmount(string enrolmentId)
    {
        var checkout = Assert.Single(_host.Stripe.To("/v1/checkout/sessions"), r => r.Form.Values.Contains(enrolmentId));
        long total = 0;
        for (var i = 0; checkout.Form.TryGetValue($"line_items[{i}][price_data][unit_amount]", out var unit); i++)
            total += long.Parse(unit, CultureInfo.InvariantCulture) * long.Parse(checkout.Form[$"line_items[{i}][quantity]"], CultureInfo.InvariantCulture);
        return total;
    }

    [Fact]
    public async Task A_card_payment_issues_one_invoice_whose_total_is_the_quote_and_the_amount_stripe_charged()
    {
        var paid = await _host.PaidByCardAsync(trainees: 2);
        var quote = _host.Mail.Course.Price(professionals: 2, volunteers: 0).TotalCents;

        await _host.RunQueuesAsync();

        var enrolment = await _host.EnrolmentAsync(paid.Id);
        var issued = Assert.Single(enrolment.Documents);
        var document = Assert.Single(await _host.LedgerOfAsync(paid.Id)).Document;
        Assert.Equal(DocumentKind.Invoice, issued.Kind);
        Assert.Equal(quote, document.Totals.GrossCents);
        Assert.Equal(StripeAmount(paid.Id), document.Totals.GrossCents);
        Assert.Equal(paid.PaidAmountCents, document.Totals.GrossCents);
        Assert.Equal((document.Totals.GrossCents, 0L), (document.Totals.PaidCents, document.Totals.DueCents));
        Assert.Equal(document.Totals.NetCents, document.Lines.Sum(l => l.NetCents));
        Assert.Equal(issued.Number, document.Number);
        Assert.Matches(@"^F-\d{4}-\d{6}$", issued.Number);
    }

    [Fact]
    public async Task The_invoice_is_emailed_to_the_payer_with_its_pdf_and_a_link_that_downloads_it_with_its_token_only()
    {
        var paid = await _host.PaidByCardAsync();
        await _host.RunQueuesAsync();
        var number = Assert.Single((await _host.EnrolmentAsync(paid.Id)).Documents).Number;

        var email = Assert.Single(_host.Mail.Stub!.Accepted, r => r.Subject.StartsWith($"Facture {number}", StringComparison.Ordinal));
        Assert.Contains(paid.Payer.Email, email.To);
        var attachment = Assert.Single(email.Attachments);
        Assert.Equal($"{number}.pdf", attachment.GetProperty("filename").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("type").GetString());
        var link = System.Text.RegularExpressions.Regex.Match(email.Text, @"https?://\S+/api/factures/\S+").Value;
        Assert.Contains("?token=", link);

        var download = await _host.Client.GetAsync(new Uri(link).PathAndQuery);
        var wrongToken = await _host.Client.GetAsync($"/api/factures/{number}?token=AAAA");
        var noToken = await _host.Client.GetAsync($"/api/factures/{number}");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Convert.FromBase64String(attachment.GetProperty("content").GetString()!), await download.Content.ReadAsByteArrayAsync());
        Assert.Contains(number, Documents.PdfText.Read(await download.Content.ReadAsByteArrayAsync()).Flat);
        await ProblemAssert.IsProblemAsync(wrongToken, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(noToken, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_staff_cancellation_after_the_invoice_issues_a_credit_note_that_refers_to_it()
    {
        var paid = await _host.PaidByCardAsync();
        await _host.RunQueuesAsync();
        var staff = await _host.Mail.StaffAsync();

        var cancel = await staff.PostAsJsonAsync($"/api/staff/enrolments/{paid.Id}/cancel", new { reason = "organisme" });
        await _host.RunQueuesAsync();

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var documents = await _host.LedgerOfAsync(paid.Id);
        Assert.Equal([DocumentKind.Invoice, DocumentKind.CreditNote], documents.Select(d => d.Issued.Kind));
        var (invoice, credit) = (documents[0].Document, documents[1].Document);
        Assert.Equal(invoice.Number, credit.PrecedingInvoiceNumber);
        Assert.Equal(invoice.Totals.GrossCents, credit.Totals.GrossCents);
        Assert.Matches(@"^A-\d{4}-\d{6}$", credit.Number);
        Assert.Equal(2, (await _host.EnrolmentAsync(paid.Id)).Documents.Count);
        Assert.Contains(_host.Mail.Stub!.Accepted, r => r.Subject.StartsWith($"Avoir {credit.Number} sur la facture {invoice.Number}", StringComparison.Ordinal));
        var page = await (await staff.GetAsync($"/api/equipe/inscriptions/{paid.Id}")).Content.ReadAsStringAsync();
        Assert.Contains($"data-number=\"{invoice.Number}\" data-status=\"credited\"", page);
        Assert.Contains($"data-number=\"{credit.Number}\"", page);
        Assert.Contains($"Avoir {credit.Number} émis", page);
    }

    [Fact]
    public async Task A_cancellation_before_any_invoice_issues_nothing()
    {
        var (id, _) = await _host.Mail.EnrolByInvoiceAsync();
        var staff = await _host.Mail.StaffAsync();

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/enrolments/{id}/cancel", new { reason = "payer" })).StatusCode);
        await _host.RunQueuesAsync();
        await _host.RunTimerAsync("SweepBilling");

        Assert.Empty(await _host.LedgerOfAsync(id));
        Assert.Empty((await _host.EnrolmentAsync(id)).Documents);
    }

    [Fact]
    public async Task Redelivered_billing_messages_and_the_sweep_issue_nothing_twice()
    {
        var paid = await _host.PaidByCardAsync();
        await _host.RunQueuesAsync();
        var queue = _host.Api.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("billing");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => queue.SendMessageAsync(paid.Id)));
        await _host.RunQueuesAsync();
        await _host.RunTimerAsync("SweepBilling");
        await _host.RunQueuesAsync();

        Assert.Single(await _host.LedgerOfAsync(paid.Id));
        Assert.Single((await _host.EnrolmentAsync(paid.Id)).Documents);
        Assert.Single(await _host.LedgerRowsAsync($"for|{paid.Id}|"));
        Assert.Single(_host.Mail.Stub!.Accepted, r => r.Subject.StartsWith("Facture ", StringComparison.Ordinal) && r.To.Contains(paid.Payer.Email));
    }

    [Fact]
    public async Task A_document_issued_but_not_recorded_before_a_crash_is_recorded_by_the_sweep_not_issued_again()
    {
        var paid = await _host.PaidByCardAsync();
        // The issue committed, then the process stopped before the enrolment recorded it (no queue run here).
        var draft = BillingDocuments.Build(paid, (BillingStep.Issue)BillingPlan.Next(paid, new DateOnly(2026, 12, 1), true),
            new BilledService("Formation", new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 17)), _host.Api.Services.GetRequiredService<BillingSettings>(), new DateOnly(2026, 12, 1));
        var crashed = await _host.Ledger.IssueAsync(draft, 1, CancellationToken.None);
        await _host.Api.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("billing").ClearMessagesAsync();

        await _host.RunTimerAsync("SweepBilling");

        var recorded = Assert.Single((await _host.EnrolmentAsync(paid.Id)).Documents);
        Assert.Equal(crashed.Issued.Number, recorded.Number);
        Assert.Single(await _host.LedgerOfAsync(paid.Id));
    }

    [Fact]
    public async Task A_stripe_payment_event_delivered_three_times_issues_one_invoice()
    {
        var response = await _host.Client.PostAsync("/api/enrolments", new EnrolmentBody(_host.SessionId).Professionals(1).Card().ToJsonContent());
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var payload = Monalisa.LocalHost.StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", await _host.EnrolmentAsync(id), _host.Api.Clock.GetUtcNow());

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _host.WebhookAsync(payload)));
        await _host.RunQueuesAsync();
        Assert.All(deliveries, d => Assert.True(d.IsSuccessStatusCode));
        await _host.WebhookAsync(payload);
        await _host.RunQueuesAsync();

        Assert.Single(await _host.LedgerOfAsync(id));
        Assert.Single((await _host.EnrolmentAsync(id)).Documents);
    }
}
