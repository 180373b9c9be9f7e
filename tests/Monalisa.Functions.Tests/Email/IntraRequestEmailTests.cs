using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Email;

namespace Monalisa.Functions.Tests.Email;

[Collection(AzuriteCollection.Name)]
public sealed class IntraRequestEmailTests(AzuriteFixture storage)
{
    [Fact]
    public async Task An_intra_request_sends_the_contact_the_quote_in_fixed_words_and_staff_a_sortable_notification()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsJsonAsync("/api/intra-requests", new
        {
            courseSlug = host.Course.Slug,
            organisation = "Mairie <b>de</b> Lyon",
            contactName = "Sacha Bernard",
            email = "sacha.bernard@example.org",
            phone = "0472000000",
            participants = 8,
            periods = "Printemps 2027",
            message = "Merci de nous rappeler.",
            consent = true,
            formToken = FormTokens.Valid,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await host.DrainQueuesAsync();

        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("IntraRequests");
        var records = new List<TableEntity>();
        await foreach (var r in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Subject eq {"request|" + id}"))) records.Add(r);
        Assert.Equal(2, records.Count);
        var sent = host.Stub!.For(records.Select(EmailTestHost.IdOf));
        Assert.Equal(2, sent.Count);

        var toContact = sent.Single(s => s.To.SequenceEqual(["sacha.bernard@example.org"]));
        Assert.Equal("Demande intra reçue — Animer une stratégie de coopération MONALISA", toContact.Subject);
        Assert.Contains(Monalisa.Domain.Text.FrenchFormat.Euros(3000m), toContact.Text);
        // The intra line is counted in days (« 2 jours » at 1 500 € a day), as on the site, never « 1 » session.
        Assert.Contains("2 jours", toContact.Text);
        Assert.DoesNotContain("(forfait par jour)", toContact.Text);
        // Fixed words: the contact's own name, nothing else they typed (issue 14, no relay for strangers).
        Assert.Contains("Bonjour Sacha Bernard,", toContact.Text);
        Assert.DoesNotContain("Mairie", toContact.Html + toContact.Text);
        Assert.DoesNotContain("Printemps", toContact.Html + toContact.Text);

        var toStaff = sent.Single(s => s.To.SequenceEqual([EmailTestHost.Staff]));
        Assert.Equal($"[Demande intra] 2026-12 — Mairie <b>de</b> Lyon — 8 participants — {Monalisa.Domain.Text.FrenchFormat.Euros(3000m)}", toStaff.Subject);
        Assert.Contains("0472000000", toStaff.Text);
        Assert.Contains("Merci de nous rappeler.", toStaff.Text);
    }
}
