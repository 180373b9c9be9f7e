using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Tests.WaitingList;

/// <summary>A host over Azurite with one small session, and what the waiting-list tests do and read.</summary>
internal sealed class WaitingListHost : IAsyncDisposable
{
    public TestApi Api { get; }
    public TestCourse Course { get; }
    public StripeStub? Stripe { get; }
    private HttpClient? _staff;

    private WaitingListHost(TestApi api, TestCourse course, StripeStub? stripe) => (Api, Course, Stripe) = (api, course, stripe);

    public static async Task<WaitingListHost> StartAsync(AzuriteFixture storage, int capacity, bool withStripe = false)
    {
        var course = new TestCourse(capacity);
        var stripe = withStripe ? await StripeStub.StartAsync() : null;
        var settings = stripe?.AppSettings(("Site:BaseUrl", "https://formation.example.org")) ?? new Dictionary<string, string?>();
        settings["Email:StaffRecipients"] = "equipe@monalisa.test";
        var api = await TestApi.StartAsync(storage, course.Catalogue, settings);
        return new WaitingListHost(api, course, stripe);
    }

    public EnrolmentStore Store => Api.Services.GetRequiredService<EnrolmentStore>();

    /// <summary>An organisation's request for <paramref name="trainees"/> people (emails unique to <paramref name="tag"/>); a minute passes after it, so ranks differ.</summary>
    public async Task<string> EnrolAsync(string tag, int trainees = 1, bool waiting = false, bool card = false, string? sessionId = null)
    {
        var body = new EnrolmentBody(sessionId ?? Course.SessionId).Payer("email", $"{tag}@payeur.example.org");
        for (var i = 0; i < trainees; i++) body.Trainee(email: $"{tag}-{i}@example.org");
        if (waiting) body.WaitingList();
        if (card) body.Card();
        var response = await Api.Client.PostAsync("/api/enrolments", body.ToJsonContent());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        Api.Clock.Advance(TimeSpan.FromMinutes(1));
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<EnrolmentRecord> GetAsync(string id) => (await Store.GetAsync(id, CancellationToken.None))!;

    public async Task<EnrolmentState> StateAsync(string id) => (await GetAsync(id)).State;

    public async Task<HttpClient> StaffAsync() => _staff ??= await Api.SignInAsync();

    public async Task CancelByStaffAsync(string id)
    {
        var response = await (await StaffAsync()).PostAsync($"/api/staff/enrolments/{id}/cancel", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task RunHoldTimerAsync()
    {
        var response = await Api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The token the offer email's links carry.</summary>
    public async Task<string> OfferTokenAsync(string id) => Api.Services.GetRequiredService<ActionTokens>().For(await GetAsync(id));

    /// <summary>Posts a button of an offer page (accept or decline), as the form does, without following redirects.</summary>
    public async Task<HttpResponseMessage> PostOfferAsync(string id, string action, string? token = null)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Api.BaseAddress };
        return await client.PostAsync($"/api/enrolments/{id}/offer/{action}",
            new FormUrlEncodedContent([new("token", token ?? await OfferTokenAsync(id))]));
    }

    private TableClient Table => Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Enrolments");

    public async Task<List<TableEntity>> RowsAsync(string prefix, string? sessionId = null)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId ?? Course.SessionId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter)) rows.Add(row);
        return rows;
    }

    /// <summary>Outbox records of one kind about one enrolment.</summary>
    public async Task<int> EmailsAsync(string kind, string id) =>
        (await RowsAsync("outbox|")).Count(r => r.GetString("Kind") == kind && r.GetString("Subject") == "enrolment|" + id);

    /// <summary>The places the public can still take, as the course pages show them.</summary>
    public async Task<int> SeatsLeftAsync()
    {
        var sessions = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={Course.Slug}");
        return sessions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == Course.SessionId).GetProperty("seatsLeft").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        if (Stripe is not null) await Stripe.DisposeAsync();
    }
}
