using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;

namespace Monalisa.Functions.Tests.WaitingList;

/// <summary>Freed places go to the waiting list before public sale, fairly, with an offer the payer confirms or declines.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WaitingListOfferTests(AzuriteFixture storage)
{
    private const string Offer = "offre-place";

    /// <summary>A full one-place session, its holder, and two people waiting in this order.</summary>
    private static async Task<(WaitingListHost Host, string Holder, string First, string Second)> FullSessionWithTwoWaitingAsync(AzuriteFixture storage, bool card = false)
    {
        var host = await WaitingListHost.StartAsync(storage, capacity: 1);
        var holder = await host.EnrolAsync("titulaire");
        var first = await host.EnrolAsync("premier", waiting: true, card: card);
        var second = await host.EnrolAsync("second", waiting: true);
        Assert.Equal(0, await host.SeatsLeftAsync());
        return (host, holder, first, second);
    }

    [Fact]
    public async Task A_cancelled_place_in_a_full_session_is_offered_to_the_first_in_line_and_never_put_on_public_sale()
    {
        var (host, holder, first, second) = await FullSessionWithTwoWaitingAsync(storage);
        await using var _ = host;

        await host.CancelByStaffAsync(holder);

        var offered = await host.GetAsync(first);
        Assert.Equal(EnrolmentState.Offered, offered.State);
        Assert.Equal(host.Api.Clock.GetUtcNow() + TimeSpan.FromHours(48), offered.HoldExpiresAt);
        Assert.Single(offered.Seats);
        Assert.Equal(EnrolmentState.WaitingList, await host.StateAsync(second));
        Assert.Equal(1, await host.EmailsAsync(Offer, first));
        Assert.Equal(0, await host.EmailsAsync(Offer, second));
        Assert.Equal(0, await host.SeatsLeftAsync());
        var seat = Assert.Single(await host.RowsAsync("seat|"));
        Assert.Equal(first, seat.GetString("EnrolmentId"));
        // The seat row names its payer as any held place does (caps), and the trainee's lock is taken.
        Assert.StartsWith("payer|", seat.GetString("Payer"));
        Assert.Single(await host.RowsAsync("trainee|"), l => l.GetString("EnrolmentId") == first);
    }

    [Fact]
    public async Task An_expired_card_hold_in_a_full_session_goes_to_the_first_in_line_through_the_timer()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 1);
        var holder = await host.EnrolAsync("titulaire", card: true);
        var first = await host.EnrolAsync("premier", waiting: true);
        var second = await host.EnrolAsync("second", waiting: true);

        host.Api.Clock.Advance(TimeSpan.FromHours(2));
        await host.RunHoldTimerAsync();

        Assert.Equal(EnrolmentState.Expired, await host.StateAsync(holder));
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));
        Assert.Equal(EnrolmentState.WaitingList, await host.StateAsync(second));
        Assert.Equal(0, await host.SeatsLeftAsync());
    }

    [Fact]
    public async Task Each_offer_shows_in_the_timeline_as_made_by_the_system()
    {
        var (host, holder, first, _) = await FullSessionWithTwoWaitingAsync(storage);
        await using var _h = host;

        await host.CancelByStaffAsync(holder);

        var timeline = await host.Store.TimelineAsync(await host.GetAsync(first), CancellationToken.None);
        var offer = Assert.Single(timeline, e => e.Kind == nameof(EnrolmentCommand.OfferMade));
        Assert.Equal(ActorKind.System, offer.Actor.Kind);
        Assert.Equal(EnrolmentState.WaitingList, offer.From);
        Assert.Equal(EnrolmentState.Offered, offer.To);
    }

    [Fact]
    public async Task Declining_passes_the_place_to_the_next_in_line_at_once_and_the_link_alone_changes_nothing()
    {
        var (host, holder, first, second) = await FullSessionWithTwoWaitingAsync(storage);
        await using var _ = host;
        await host.CancelByStaffAsync(holder);
        var token = await host.OfferTokenAsync(first);

        // A mail scanner opening the « je ne suis plus intéressé·e » link only sees a page.
        var page = await host.Api.Client.GetAsync($"/api/enrolments/{first}/offer/decline?token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));
        Assert.Equal(HttpStatusCode.NotFound, (await host.PostOfferAsync(first, "decline", "mauvais-jeton")).StatusCode);
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));

        Assert.Equal(HttpStatusCode.OK, (await host.PostOfferAsync(first, "decline", token)).StatusCode);

        Assert.Equal(EnrolmentState.OfferDeclined, await host.StateAsync(first));
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(second));
        Assert.Equal(1, await host.EmailsAsync(Offer, second));
        Assert.Equal(0, await host.SeatsLeftAsync());
        Assert.Equal(second, Assert.Single(await host.RowsAsync("seat|")).GetString("EnrolmentId"));
    }

    [Fact]
    public async Task An_offer_left_unanswered_lapses_after_48_hours_and_passes_to_the_next_in_line()
    {
        var (host, holder, first, second) = await FullSessionWithTwoWaitingAsync(storage);
        await using var _ = host;
        await host.CancelByStaffAsync(holder);

        host.Api.Clock.Advance(TimeSpan.FromHours(47));
        await host.RunHoldTimerAsync();
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));

        host.Api.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await host.RunHoldTimerAsync();

        Assert.Equal(EnrolmentState.OfferLapsed, await host.StateAsync(first));
        Assert.Equal(1, await host.EmailsAsync("offre-expiree", first));
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(second));
        Assert.Equal(1, await host.EmailsAsync(Offer, second));
        Assert.Equal(0, await host.SeatsLeftAsync());
    }

    [Fact]
    public async Task A_larger_request_first_in_line_does_not_block_a_smaller_one_behind_it()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 3);
        var one = await host.EnrolAsync("un");
        await host.EnrolAsync("deux", trainees: 2);
        var three = await host.EnrolAsync("trois", trainees: 3, waiting: true);
        var small = await host.EnrolAsync("petit", waiting: true);

        await host.CancelByStaffAsync(one);

        Assert.Equal(EnrolmentState.WaitingList, await host.StateAsync(three));
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(small));
        Assert.Equal(0, await host.SeatsLeftAsync());
    }

    [Fact]
    public async Task A_place_nobody_in_line_can_use_goes_back_on_public_sale()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 3);
        var one = await host.EnrolAsync("un");
        await host.EnrolAsync("deux", trainees: 2);
        var three = await host.EnrolAsync("trois", trainees: 3, waiting: true);

        await host.CancelByStaffAsync(one);

        Assert.Equal(EnrolmentState.WaitingList, await host.StateAsync(three));
        Assert.Equal(1, await host.SeatsLeftAsync());
        Assert.DoesNotContain(await host.RowsAsync("seat|"), r => r.GetString("ReservedFor") is not null);
    }

    [Fact]
    public async Task Two_releases_at_once_never_offer_the_same_place_twice()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 2);
        var a = await host.EnrolAsync("a");
        var b = await host.EnrolAsync("b");
        var waiting = new List<string>();
        foreach (var tag in new[] { "w1", "w2", "w3" }) waiting.Add(await host.EnrolAsync(tag, waiting: true));

        await Task.WhenAll(host.CancelByStaffAsync(a), host.CancelByStaffAsync(b));

        var states = new List<EnrolmentRecord>();
        foreach (var id in waiting) states.Add(await host.GetAsync(id));
        Assert.Equal([EnrolmentState.Offered, EnrolmentState.Offered, EnrolmentState.WaitingList], states.Select(e => e.State));
        var seats = states.SelectMany(e => e.Seats).ToList();
        Assert.Equal(seats.Distinct().Count(), seats.Count);
        var rows = await host.RowsAsync("seat|");
        Assert.Equal(2, rows.Count);
        Assert.Equal(waiting.Take(2).Order(), rows.Select(r => r.GetString("EnrolmentId")).Order());
        Assert.Equal(1, await host.EmailsAsync(Offer, waiting[0]));
        Assert.Equal(1, await host.EmailsAsync(Offer, waiting[1]));
    }

    [Fact]
    public async Task Places_kept_back_by_a_process_that_stopped_before_its_offers_are_offered_by_the_timer()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 2);
        await host.EnrolAsync("a");
        var first = await host.EnrolAsync("premier", waiting: true);
        // As the releasing transaction leaves it when the process stops right after: a place kept for the line, no offer yet.
        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Enrolments");
        var taken = (await host.RowsAsync("seat|")).Single().RowKey;
        var free = taken == "seat|01" ? "seat|02" : "seat|01";
        await table.AddEntityAsync(new TableEntity(host.Course.SessionId, free) { ["ReservedFor"] = "WaitingList" });
        Assert.Equal(0, await host.SeatsLeftAsync());

        await host.RunHoldTimerAsync();

        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));
        Assert.Equal(1, await host.EmailsAsync(Offer, first));
    }

    [Fact]
    public async Task Confirming_an_invoice_offer_starts_the_normal_invoice_hold_with_the_usual_emails()
    {
        var (host, holder, first, _) = await FullSessionWithTwoWaitingAsync(storage);
        await using var _h = host;
        await host.CancelByStaffAsync(holder);
        var token = await host.OfferTokenAsync(first);
        var page = await host.Api.Client.GetAsync($"/api/enrolments/{first}/offer?token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));

        var response = await host.PostOfferAsync(first, "accept", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accepted = await host.GetAsync(first);
        Assert.Equal(EnrolmentState.AwaitingInvoice, accepted.State);
        Assert.Equal(host.Api.Clock.GetUtcNow() + TimeSpan.FromDays(7), accepted.HoldExpiresAt);
        Assert.Equal(1, await host.EmailsAsync("inscription-enregistree", first));
        Assert.Equal(1, await host.EmailsAsync("staff-nouvelle-inscription", first));
        // A second click changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await host.PostOfferAsync(first, "accept", token)).StatusCode);
        Assert.Equal(1, await host.EmailsAsync("inscription-enregistree", first));
    }

    [Fact]
    public async Task A_round_too_large_for_one_transaction_offers_every_kept_place_in_parts()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 1);
        var waiting = new List<string>();
        for (var i = 0; i < 25; i++) waiting.Add(await host.EnrolAsync($"w{i}", waiting: true));
        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Enrolments");
        // 25 places kept back at once (more than one transaction can hand over: 5 actions per offer).
        for (var n = 1; n <= 25; n++)
            await table.AddEntityAsync(new TableEntity(host.Course.SessionId, $"seat|{n:D2}") { ["ReservedFor"] = "WaitingList" });

        await host.RunHoldTimerAsync();

        foreach (var id in waiting) Assert.Equal(EnrolmentState.Offered, await host.StateAsync(id));
        Assert.DoesNotContain(await host.RowsAsync("seat|"), r => r.GetString("ReservedFor") is not null);
        Assert.Equal(25, (await host.RowsAsync("outbox|")).Count(r => r.GetString("Kind") == Offer));
    }
}
