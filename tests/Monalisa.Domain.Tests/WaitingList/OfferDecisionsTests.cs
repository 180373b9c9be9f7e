using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;

namespace Monalisa.Domain.Tests.WaitingList;

/// <summary>What an offer, its confirmation, its refusal and its lapse do to a waiting-list request.</summary>
public sealed class OfferDecisionsTests
{
    private static readonly DateTimeOffset Now = EnrolmentBuilder.Now;
    private static readonly HoldPolicy Policy = new(TimeSpan.FromHours(1), TimeSpan.FromDays(7), TimeSpan.FromDays(2));

    private static EnrolmentRecord Waiting() => new EnrolmentBuilder().In(EnrolmentState.WaitingList).WithoutSeats().Build();

    private static EnrolmentRecord Offered() => new EnrolmentBuilder().In(EnrolmentState.Offered).HeldUntil(Now.AddHours(48)).Build();

    private static EnrolmentDecision Written(Decision decision) => Assert.IsType<Decision.Write>(decision).Change;

    [Fact]
    public void An_offer_holds_the_handed_places_until_it_ends_and_emails_the_payer_only()
    {
        var change = Written(EnrolmentDecisions.Decide(Waiting(), new EnrolmentCommand.OfferMade([4], Now.AddHours(48), "seed"), Now));

        Assert.Equal(EnrolmentState.Offered, change.After.State);
        Assert.Equal([4], change.After.Seats);
        Assert.Equal(Now.AddHours(48), change.After.HoldExpiresAt);
        Assert.Equal("seed", change.After.ActionTokenSeed);
        // The places come from those kept back for the line, never from public sale.
        Assert.Equal(SeatChange.None, change.Seats);
        Assert.Equal([Notice.ToPayer(EmailKind.WaitingListOffer)], change.Notices);
    }

    [Fact]
    public void An_offer_of_fewer_places_than_trainees_is_refused()
    {
        var twoTrainees = Waiting() with { Trainees = [EnrolmentBuilder.Trainee("a@example.org"), EnrolmentBuilder.Trainee("b@example.org")] };

        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(twoTrainees, new EnrolmentCommand.OfferMade([4], Now.AddHours(48), "seed"), Now));
    }

    [Fact]
    public void Confirming_by_card_starts_a_normal_card_hold_on_the_same_places_with_a_new_token()
    {
        var change = Written(EnrolmentDecisions.Decide(Offered(), new EnrolmentCommand.OfferAccepted(TimeSpan.FromMinutes(45), Policy, "new-hash"), Now));

        Assert.Equal(EnrolmentState.PendingPayment, change.After.State);
        Assert.Equal(Now.AddMinutes(45), change.After.HoldExpiresAt);
        Assert.Equal("new-hash", change.After.TokenHash);
        Assert.Equal(SeatChange.None, change.Seats);
        Assert.Equal([1], change.After.Seats);
    }

    [Fact]
    public void Confirming_by_invoice_starts_the_normal_invoice_hold_with_the_new_enrolment_emails()
    {
        var byInvoice = Offered() with { PaymentMethod = PaymentMethod.Invoice };

        var change = Written(EnrolmentDecisions.Decide(byInvoice, new EnrolmentCommand.OfferAccepted(TimeSpan.FromMinutes(45), Policy, "new-hash"), Now));

        Assert.Equal(EnrolmentState.AwaitingInvoice, change.After.State);
        Assert.Equal(Now.AddDays(7), Policy.DeadlineOf(change.After));
        Assert.Equal([Notice.ToPayer(EmailKind.EnrolmentRegistered), Notice.ToStaff(EmailKind.StaffNewEnrolment)], change.Notices);
    }

    [Fact]
    public void An_offer_cannot_be_confirmed_once_its_time_is_up()
    {
        Assert.IsType<Decision.Refused>(EnrolmentDecisions.Decide(Offered(), new EnrolmentCommand.OfferAccepted(TimeSpan.FromMinutes(45), Policy, "h"), Now.AddHours(48)));
    }

    [Fact]
    public void Declining_gives_the_places_back_and_a_second_click_changes_nothing()
    {
        var change = Written(EnrolmentDecisions.Decide(Offered(), new EnrolmentCommand.OfferDeclined(), Now));

        Assert.Equal(EnrolmentState.OfferDeclined, change.After.State);
        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Empty(change.After.Seats);
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(change.After, new EnrolmentCommand.OfferDeclined(), Now));
    }

    [Fact]
    public void An_offer_lapses_only_once_its_time_is_up_and_then_gives_the_places_back()
    {
        Assert.IsType<Decision.Unchanged>(EnrolmentDecisions.Decide(Offered(), new EnrolmentCommand.OfferLapsed(), Now.AddHours(47)));

        var change = Written(EnrolmentDecisions.Decide(Offered(), new EnrolmentCommand.OfferLapsed(), Now.AddHours(48)));

        Assert.Equal(EnrolmentState.OfferLapsed, change.After.State);
        Assert.Equal(SeatChange.Release, change.Seats);
        Assert.Equal([Notice.ToPayer(EmailKind.WaitingListOfferLapsed)], change.Notices);
    }

    [Fact]
    public void Staff_can_cancel_an_offer_which_gives_its_places_back()
    {
        var change = Written(EnrolmentDecisions.Decide(Offered(), new EnrolmentCommand.Cancelled(), Now));

        Assert.Equal(EnrolmentState.Cancelled, change.After.State);
        Assert.Equal(SeatChange.Release, change.Seats);
    }
}
