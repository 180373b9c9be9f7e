using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Email;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Tests.Email;

/// <summary>
/// The local host over the shared Azurite, with SendGrid pointed at a <see cref="SendGridStub"/> (or, without one, the
/// local .eml outbox), queues drained and the sweep run only when a test asks.
/// </summary>
internal sealed class EmailTestHost : IAsyncDisposable
{
    public const string Staff = "equipe@monalisa.test";

    private EmailTestHost(TestApi api, TestCourse course, SendGridStub? stub)
    {
        Api = api;
        Course = course;
        Stub = stub;
    }

    public TestApi Api { get; }
    public TestCourse Course { get; }
    public SendGridStub? Stub { get; }
    public HttpClient Client => Api.Client;

    public static async Task<EmailTestHost> StartAsync(AzuriteFixture storage, bool withSendGrid = true, Action<IServiceCollection>? services = null, int capacity = 12,
        IDictionary<string, string?>? stripeSettings = null)
    {
        var course = new TestCourse(capacity);
        var stub = withSendGrid ? await SendGridStub.StartAsync() : null;
        var settings = new Dictionary<string, string?>
        {
            ["LocalHost:QueueSeconds"] = "0",
            ["LocalHost:TimerSeconds"] = "0",
            ["Email:FromAddress"] = "formations@monalisa.test",
            ["Email:FromName"] = "MONALISA formations",
            ["Email:StaffRecipients"] = Staff,
            ["Email:ReplyTo"] = "contact@monalisa.test",
        };
        if (stub is not null)
        {
            settings["SendGrid:ApiKey"] = SendGridStub.ApiKey;
            settings["SendGrid:Host"] = stub.BaseUrl;
        }
        foreach (var (key, value) in stripeSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        var api = await TestApi.StartAsync(storage, course.Catalogue, settings, services);
        return new EmailTestHost(api, course, stub);
    }

    /// <summary>An invoice enrolment by an organisation: 1 professional + 1 volunteer = 800 € on the 2-day course.</summary>
    public async Task<(string Id, string Token)> EnrolByInvoiceAsync(string firstTraineeName = "Camille", string organisation = "CCAS de Lyon", bool waitingList = false, string emailPrefix = "")
    {
        var response = await Client.PostAsJsonAsync("/api/enrolments", new
        {
            sessionId = Course.SessionId,
            trainees = new object[]
            {
                new { firstName = firstTraineeName, lastName = "Martin", email = emailPrefix + "camille.martin@example.org", phone = "0601020304", organisation = "=HYPERLINK(\"http://x\")", jobTitle = "Coordinatrice", category = "professional" },
                new { firstName = "Dominique", lastName = "Durand", email = emailPrefix + "dominique.durand@example.org", organisation = "Les Petits Frères", category = "volunteer", volunteerDeclared = true, volunteerAssociation = "Les Petits Frères" },
            },
            payer = new { kind = "organisation", name = organisation, email = "compta@ccas-lyon.example.org", address = "1 place de la Mairie, 69001 Lyon", purchaseOrder = "BC-42" },
            paymentMethod = "invoice",
            prerequisitesConfirmed = true,
            consent = true,
            accessibilityNeeds = "Accès en fauteuil",
            waitingList,
            formToken = FormTokens.Valid,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        var statusUrl = new Uri(json.RootElement.GetProperty("statusUrl").GetString()!);
        var token = System.Web.HttpUtility.ParseQueryString(statusUrl.Query)["token"]!;
        return (json.RootElement.GetProperty("id").GetString()!, token);
    }

    public async Task<JsonElement> DrainQueuesAsync()
    {
        var response = await Client.PostAsync("/_dev/queues/run", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task SweepAsync() => (await Client.PostAsync("/_dev/timers/SweepOutbox", null)).EnsureSuccessStatusCode();

    public async Task<HttpResponseMessage> StaffPostAsync(string path) => await (await StaffAsync()).PostAsync(path, null);

    private HttpClient? _staff;

    /// <summary>A client signed in as a staff member through the local host's dev sign-in (one per host).</summary>
    public async Task<HttpClient> StaffAsync() => _staff ??= await Api.SignInAsync();

    /// <summary>This test's outbox records (its session's partition), oldest first.</summary>
    public async Task<List<TableEntity>> OutboxAsync()
    {
        var table = Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Enrolments");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Course.SessionId} and RowKey ge {"outbox|"} and RowKey lt {"outbox}"}");
        var records = new List<TableEntity>();
        await foreach (var record in table.QueryAsync<TableEntity>(filter)) records.Add(record);
        return records;
    }

    /// <summary>The outbox messages waiting on the queue for this test's session (peeked: they stay there).</summary>
    public async Task<List<OutboxMessage>> QueuedMessagesAsync()
    {
        var queue = Api.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("email-outbox");
        var peeked = (await queue.PeekMessagesAsync(maxMessages: 32)).Value;
        return [.. peeked.Select(m => OutboxMessage.TryParse(m.Body.ToString())).OfType<OutboxMessage>().Where(m => m.PartitionKey == Course.SessionId)];
    }

    public static string IdOf(TableEntity record) => record.RowKey["outbox|".Length..];

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        if (Stub is not null) await Stub.DisposeAsync();
    }
}
