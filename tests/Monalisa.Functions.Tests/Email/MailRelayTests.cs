using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Notices;

namespace Monalisa.Functions.Tests.Email;

/// <summary>
/// Issue 14, « Mail: never a relay for strangers » and « Resuming after an abandoned checkout »: before a request is
/// confirmed only its submitter is mailed, in fixed words quoting none of their text but their own name, made safe.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MailRelayTests(AzuriteFixture storage)
{
    private const string Submitter = "attaquant@example.net";
    // Names refuse line breaks at validation; what gets through is links and hosts on one line.
    private const string HostileName = "Gagnez un iPhone https://evil.example/win Appelez le 0899 ou www.evil.example";
    private const string HostileOrganisation = "Cliquez http://phish.example/login\r\nmaintenant";

    [Fact]
    public async Task One_anonymous_request_for_ten_strangers_mails_only_its_submitter_in_fixed_words_and_staff_get_everything()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var body = new EnrolmentBody(host.Course.SessionId)
            .Payer("name", HostileName).Payer("email", Submitter).Payer("purchaseOrder", "BC http://po.example").Payer("address", "1 rue du Port\nhttp://addr.example")
            .Set("accessibilityNeeds", "Voir https://needs.example");
        var victims = Enumerable.Range(0, 10).Select(i => $"victime{i}@example.org").ToList();
        foreach (var victim in victims) body.Trainee(email: victim, firstName: "Promo https://first.example", lastName: "Offre www.last.example");
        foreach (var trainee in ((System.Text.Json.Nodes.JsonArray)body.Json["trainees"]!)) trainee!["organisation"] = HostileOrganisation;

        var response = await host.Client.PostAsync("/api/enrolments", body.ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await host.DrainQueuesAsync();

        var sent = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        Assert.Equal(2, sent.Count);
        Assert.Empty(sent.SelectMany(s => s.To).Intersect(victims));

        var toSubmitter = sent.Single(s => s.To.SequenceEqual([Submitter]));
        var everything = toSubmitter.Subject + toSubmitter.Html + toSubmitter.Text + toSubmitter.Body.GetProperty("personalizations").GetRawText();
        foreach (var typed in new[] { "evil", "phish", "po.example", "needs.example", "first.example", "last.example", "Promo", "Offre", "Cliquez", "BC http", "addr.example", "rue du Port" })
            Assert.DoesNotContain(typed, everything, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Bonjour Gagnez un iPhone Appelez le 0899 ou,", toSubmitter.Text);

        var toStaff = sent.Single(s => s.To.SequenceEqual([EmailTestHost.Staff]));
        foreach (var victim in victims) Assert.Contains(victim, toStaff.Text);
        Assert.Contains("https://evil.example/win", toStaff.Text);
        Assert.Contains("http://phish.example/login", toStaff.Text);
        Assert.Contains("http://addr.example", toStaff.Text);
    }

    [Fact]
    public async Task An_intra_request_mails_its_contact_none_of_the_free_text_and_staff_all_of_it()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsJsonAsync("/api/intra-requests", new
        {
            courseSlug = host.Course.Slug,
            organisation = "Cliquez http://phish.example/login maintenant", // required one-line field: no line break gets through
            contactName = "Sacha https://contact.example Bernard",
            email = "victime@example.org",
            participants = 8,
            periods = "Lien : http://periods.example\nAppelez vite",
            place = "www.place.example",
            message = "Texte http://message.example",
            consent = true,
            formToken = FormTokens.Valid,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await host.DrainQueuesAsync();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("IntraRequests");
        var records = new List<TableEntity>();
        await foreach (var r in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Subject eq {"request|" + id}"))) records.Add(r);
        var sent = host.Stub!.For(records.Select(EmailTestHost.IdOf));

        var toContact = sent.Single(s => s.To.SequenceEqual(["victime@example.org"]));
        var everything = toContact.Subject + toContact.Html + toContact.Text + toContact.Body.GetProperty("personalizations").GetRawText();
        foreach (var typed in new[] { "phish", "Cliquez", "contact.example", "periods.example", "Appelez", "place.example", "message.example" })
            Assert.DoesNotContain(typed, everything, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Bonjour Sacha Bernard,", toContact.Text);

        var toStaff = sent.Single(s => s.To.SequenceEqual([EmailTestHost.Staff]));
        foreach (var typed in new[] { "http://phish.example/login", "http://periods.example", "www.place.example", "http://message.example" })
            Assert.Contains(typed, toStaff.Text);
    }

    [Fact]
    public async Task A_card_hold_mails_its_payer_the_stripe_page_with_no_token_of_ours_and_nobody_else()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(host.Course.SessionId).Professionals(2).Payer("email", Submitter).Card().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var checkoutUrl = created.GetProperty("checkoutUrl").GetString()!;
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(created.GetProperty("statusUrl").GetString()!).Query)["token"]!;
        await host.DrainQueuesAsync();

        var records = await host.OutboxAsync();
        var resume = Assert.Single(records);
        Assert.Equal(EmailKind.ResumePayment, resume.GetString("Kind"));
        var sent = Assert.Single(host.Stub!.For(records.Select(EmailTestHost.IdOf)));
        Assert.Equal([Submitter], sent.To);
        Assert.Contains(checkoutUrl, sent.Text);
        // The link is the payment page as the gateway gave it (Stripe's, in production); the email adds no token of ours.
        // (The offline checkout of the local host carries the token in its own address: taken out before looking.)
        var rest = (sent.Html + sent.Text).Replace(checkoutUrl, "", StringComparison.Ordinal).Replace(System.Net.WebUtility.HtmlEncode(checkoutUrl), "", StringComparison.Ordinal);
        Assert.DoesNotContain(token, rest);
        Assert.DoesNotContain(Uri.EscapeDataString(token), rest);
    }

    [Fact]
    public async Task A_card_hold_released_before_its_email_is_composed_sends_no_resume_link()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(host.Course.SessionId).Professionals(1).Card().ToJsonContent());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.StaffPostAsync($"/api/staff/enrolments/{id}/cancel")).StatusCode);
        await host.DrainQueuesAsync();

        var records = await host.OutboxAsync();
        Assert.Equal("skipped", records.Single(r => r.GetString("Kind") == EmailKind.ResumePayment).GetString("Status"));
    }

    [Theory]
    [InlineData(12, 1, "Il reste à ce jour 12 places")]
    [InlineData(2, 3, "Il ne reste que 2 places sur la session de Lyon, moins que les 3 demandées")]
    public async Task A_waiting_list_email_says_what_is_true_of_the_places_left(int capacity, int trainees, string truth)
    {
        await using var host = await EmailTestHost.StartAsync(storage, capacity: capacity);
        var response = await host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(host.Course.SessionId).Professionals(trainees).WaitingList().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await host.DrainQueuesAsync();

        var sent = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        var toPayer = sent.Single(s => s.To.SequenceEqual(["compta@ccas-lyon.example.org"]));
        Assert.DoesNotContain("complète", toPayer.Text);
        var text = toPayer.Text.ReplaceLineEndings(" ");
        Assert.True(text.Contains(truth, StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_waiting_list_email_says_the_session_is_full_when_it_is()
    {
        await using var host = await EmailTestHost.StartAsync(storage, capacity: 1);
        await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(host.Course.SessionId).Professionals(1).ToJsonContent());
        var response = await host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(host.Course.SessionId).Professionals(1).Payer("email", Submitter).WaitingList().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await host.DrainQueuesAsync();

        var sent = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        Assert.Contains("La session de Lyon est complète", sent.Single(s => s.To.SequenceEqual([Submitter])).Text);
    }
}
