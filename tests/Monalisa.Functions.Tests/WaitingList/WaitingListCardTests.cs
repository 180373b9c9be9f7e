using System.Net;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Tests.WaitingList;

/// <summary>Confirming a card offer opens a Stripe Checkout, as a new card enrolment does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WaitingListCardTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Confirming_a_card_offer_opens_a_checkout_and_starts_the_normal_card_hold()
    {
        await using var host = await WaitingListHost.StartAsync(storage, capacity: 1, withStripe: true);
        var holder = await host.EnrolAsync("titulaire");
        var first = await host.EnrolAsync("premier", waiting: true, card: true);
        await host.CancelByStaffAsync(holder);
        Assert.Equal(EnrolmentState.Offered, await host.StateAsync(first));
        Assert.Empty(host.Stripe!.To("/v1/checkout/sessions"));

        var response = await host.PostOfferAsync(first, "accept");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("https://checkout.stripe.test/", response.Headers.Location!.ToString());
        var call = Assert.Single(host.Stripe.To("/v1/checkout/sessions"));
        Assert.Equal(first, call.Form["client_reference_id"]);
        var pending = await host.GetAsync(first);
        Assert.Equal(EnrolmentState.PendingPayment, pending.State);
        Assert.NotNull(pending.CheckoutSessionId);
        Assert.Single(pending.Seats);
        // A second click goes to the same Checkout.
        var again = await host.PostOfferAsync(first, "accept");
        Assert.Equal(response.Headers.Location, again.Headers.Location);
        Assert.Single(host.Stripe.To("/v1/checkout/sessions"));
    }
}
