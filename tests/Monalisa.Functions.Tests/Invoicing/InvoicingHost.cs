using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Documents;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Invoicing;
using Monalisa.Functions.Tests.Email;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Invoicing;

/// <summary>
/// The local host with the Stripe and SendGrid stubs and the real printer, and the steps the invoicing tests take:
/// enrol, pay through a signed webhook, let the queues run, read the enrolment and the ledger.
/// </summary>
internal sealed class InvoicingHost : IAsyncDisposable
{
    private InvoicingHost(EmailTestHost mail, StripeStub stripe) { Mail = mail; Stripe = stripe; }

    public EmailTestHost Mail { get; }
    public StripeStub Stripe { get; }
    public TestApi Api => Mail.Api;
    public HttpClient Client => Mail.Client;
    public string SessionId => Mail.Course.SessionId;
    public InvoiceLedger Ledger => Api.Services.GetRequiredService<InvoiceLedger>();

    public static async Task<InvoicingHost> StartAsync(AzuriteFixture storage)
    {
        var stripe = await StripeStub.StartAsync();
        // EmailTestHost's settings plus Stripe's: the stub's keys and address.
        var mail = await EmailTestHost.StartAsync(storage, stripeSettings: stripe.AppSettings());
        return new InvoicingHost(mail, stripe);
    }

    public async Task<EnrolmentRecord> EnrolmentAsync(string id) =>
        (await Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    /// <summary>A card enrolment of <paramref name="trainees"/> professionals, paid through a signed checkout.session.completed.</summary>
    public async Task<EnrolmentRecord> PaidByCardAsync(int trainees = 1)
    {
        var response = await Client.PostAsync("/api/enrolments", new EnrolmentBody(SessionId).Professionals(trainees).Card().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var enrolment = await EnrolmentAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.True((await WebhookAsync(StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", enrolment, Api.Clock.GetUtcNow()))).IsSuccessStatusCode);
        return await EnrolmentAsync(enrolment.Id);
    }

    public async Task<HttpResponseMessage> WebhookAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        return await Client.SendAsync(request);
    }

    /// <summary>
    /// Runs the queues until they are empty: issuing puts an email message after the email queue's turn in a pass,
    /// as the Functions host would deliver it a moment later.
    /// </summary>
    public async Task RunQueuesAsync()
    {
        for (var pass = 0; pass < 5; pass++)
            if ((await Mail.DrainQueuesAsync()).GetProperty("processed").GetInt32() == 0) return;
    }

    public async Task RunTimerAsync(string name)
    {
        (await Client.PostAsync($"/_dev/timers/{name}", null)).EnsureSuccessStatusCode();
    }

    /// <summary>The enrolment's documents as the ledger holds them (number order).</summary>
    public async Task<List<LedgerEntry>> LedgerOfAsync(string enrolmentId) =>
        [.. (await Ledger.ListAsync(enrolmentId, CancellationToken.None)).OrderBy(e => e.Issued.Index)];

    /// <summary>The Ledger table's rows under a prefix for this enrolment's documents.</summary>
    public async Task<List<TableEntity>> LedgerRowsAsync(string rowKeyPrefix)
    {
        var table = Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Ledger");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"documents"} and RowKey ge {rowKeyPrefix} and RowKey lt {rowKeyPrefix + "~"}")))
            rows.Add(row);
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Mail.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
