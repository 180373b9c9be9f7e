namespace Monalisa.Domain.WaitingList;

/// <summary>A request in a session's waiting list: how many places it needs, and when it was made (its rank).</summary>
public sealed record WaitingRequest(string Id, int Places, DateTimeOffset RequestedAt);

/// <summary>One request offered the places <paramref name="Seats"/>.</summary>
public sealed record Offer(string RequestId, IReadOnlyList<int> Seats);

/// <summary>What a round of offers does with the places kept back: who gets which, and which go back on public sale.</summary>
public sealed record OfferRound(IReadOnlyList<Offer> Offers, IReadOnlyList<int> BackOnSale);

/// <summary>
/// The waiting list's fairness rule (docs/waiting-list.md): the oldest request first; a request for N trainees is offered
/// places only when N are free at once; it keeps its rank, but never blocks a smaller request behind it that fits. Places
/// nobody in line can use go back on public sale: holding them for a large request would keep a session half empty.
/// </summary>
public static class WaitingLine
{
    public static OfferRound Offer(IReadOnlyCollection<int> freePlaces, IEnumerable<WaitingRequest> line)
    {
        var free = new Queue<int>(freePlaces.Distinct().Order());
        var offers = new List<Offer>();
        // Ties (same instant) are broken by id, so two runs over the same line always make the same offers.
        foreach (var request in line.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            if (request.Places <= 0 || request.Places > free.Count) continue;
            offers.Add(new Offer(request.Id, [.. Enumerable.Range(0, request.Places).Select(_ => free.Dequeue())]));
        }
        return new OfferRound(offers, [.. free]);
    }
}
