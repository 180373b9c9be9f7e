using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Tests.WaitingList;

/// <summary>The offer email as the payer reads it: the session, until when, and two links that only show a page.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class OfferEmailTests(AzuriteFixture storage, Xunit.Abstractions.ITestOutputHelper output)
{
    [GeneratedRegex(@"https?://[^\s\)\]""<>]+/offer[^\s\)\]""<>]*")]
    private static partial Regex OfferLinks();

    [Fact]
    public async Task The_offer_email_names_the_deadline_and_carries_a_confirm_and_a_decline_link_that_open_pages()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 1);
        var holder = await host.EnrolAsync("titulaire");
        var first = await host.EnrolAsync("premier", waiting: true);
        await host.CancelByStaffAsync(holder);
        var record = Assert.Single(await host.RowsAsync("outbox|"), r => r.GetString("Kind") == "offre-place");

        var composed = await host.Api.Services.GetRequiredService<IOutboxComposer>().ComposeAsync("Enrolments", record, CancellationToken.None);

        var message = Assert.IsType<Composition.Ready>(composed).Message;
        output.WriteLine(message.Subject + "\n" + message.Text);
        Assert.Equal("premier@payeur.example.org", Assert.Single(message.To).Address);
        var deadline = (await host.GetAsync(first)).HoldExpiresAt!.Value;
        Assert.Contains(Monalisa.Domain.Text.FrenchFormat.DateTime(deadline), message.Text);
        Assert.Contains("Je ne suis plus intéressé·e", message.Text);
        var links = OfferLinks().Matches(message.Text).Select(m => new Uri(m.Value)).Distinct().ToList();
        Assert.Equal(2, links.Count);
        Assert.Contains(links, l => l.AbsolutePath.EndsWith("/offer/decline", StringComparison.Ordinal));
        foreach (var link in links)
        {
            var page = await host.Api.Client.GetAsync(link.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));
    }
}
