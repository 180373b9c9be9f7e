using FsCheck;
using FsCheck.Xunit;
using Monalisa.Domain.WaitingList;

namespace Monalisa.Domain.Tests.WaitingList;

/// <summary>The fairness rule of docs/waiting-list.md: oldest first, only whole requests, no blocking by a larger one.</summary>
public sealed class WaitingLineTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private static WaitingRequest Request(string id, int places, int minutesAfterStart) => new(id, places, Start.AddMinutes(minutesAfterStart));

    [Fact]
    public void The_oldest_request_gets_the_freed_place_whatever_order_the_line_is_read_in()
    {
        var round = WaitingLine.Offer([7], [Request("b", 1, 5), Request("a", 1, 1)]);

        var offer = Assert.Single(round.Offers);
        Assert.Equal("a", offer.RequestId);
        Assert.Equal([7], offer.Seats);
        Assert.Empty(round.BackOnSale);
    }

    [Fact]
    public void A_larger_request_first_in_line_does_not_block_a_smaller_one_behind_it_that_fits()
    {
        var round = WaitingLine.Offer([3], [Request("trois", 3, 0), Request("un", 1, 10)]);

        Assert.Equal("un", Assert.Single(round.Offers).RequestId);
    }

    [Fact]
    public void A_larger_request_is_offered_first_once_enough_places_are_free_at_once()
    {
        var round = WaitingLine.Offer([3, 4, 5], [Request("trois", 3, 0), Request("un", 1, 10)]);

        Assert.Equal("trois", Assert.Single(round.Offers).RequestId);
        Assert.Equal([3, 4, 5], round.Offers[0].Seats);
    }

    [Fact]
    public void Places_nobody_in_line_can_use_go_back_on_public_sale()
    {
        var round = WaitingLine.Offer([2, 9], [Request("trois", 3, 0)]);

        Assert.Empty(round.Offers);
        Assert.Equal([2, 9], round.BackOnSale);
    }

    [Fact]
    public void An_empty_line_sends_every_place_back_on_sale()
    {
        Assert.Equal([1, 2], WaitingLine.Offer([2, 1], []).BackOnSale);
    }

    /// <summary>A line of up to 8 requests of 1 to 4 places, and up to 10 free places.</summary>
    private static (int[] Free, WaitingRequest[] Line) Case(byte[] sizes, byte freeCount)
    {
        var line = sizes.Take(8).Select((s, i) => Request($"r{i}", 1 + s % 4, (s * 7 + i) % 13)).ToArray();
        return ([.. Enumerable.Range(1, freeCount % 11)], line);
    }

    [Property]
    public bool No_place_is_offered_twice_or_kept_by_nobody(byte[] sizes, byte freeCount)
    {
        var (free, line) = Case(sizes, freeCount);
        var round = WaitingLine.Offer(free, line);
        var given = round.Offers.SelectMany(o => o.Seats).Concat(round.BackOnSale).ToList();
        return given.Count == free.Length && given.Order().SequenceEqual(free.Order());
    }

    [Property]
    public bool Each_offer_is_exactly_the_places_its_request_asked_for(byte[] sizes, byte freeCount)
    {
        var (free, line) = Case(sizes, freeCount);
        return WaitingLine.Offer(free, line).Offers.All(o => o.Seats.Count == line.Single(r => r.Id == o.RequestId).Places);
    }

    [Property]
    public bool A_request_left_out_did_not_fit_in_what_its_elders_left(byte[] sizes, byte freeCount)
    {
        var (free, line) = Case(sizes, freeCount);
        var round = WaitingLine.Offer(free, line);
        var offered = round.Offers.Select(o => o.RequestId).ToHashSet();
        var left = free.Length;
        foreach (var request in line.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            if (offered.Contains(request.Id)) left -= request.Places;
            // Skipped although the places it needs were there: that would be unfair.
            else if (request.Places <= left) return false;
        }
        return true;
    }

    [Property]
    public bool When_nobody_fits_every_place_goes_back_on_sale(byte[] sizes, byte freeCount)
    {
        var (free, line) = Case(sizes, freeCount);
        var round = WaitingLine.Offer(free, line);
        return round.Offers.Count > 0 || round.BackOnSale.Count == free.Length;
    }
}
