using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Staff;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests.Staff;

public sealed class SessionFiguresTests
{
    private static readonly DateTimeOffset Now = EnrolmentBuilder.Now;
    private static readonly HoldPolicy Holds = new(TimeSpan.FromHours(1), TimeSpan.FromDays(7), TimeSpan.FromDays(2));
    private static int _next;

    private static EnrolmentRecord Enrolment(EnrolmentState state, int places = 1, PaymentMethod method = PaymentMethod.Card, long totalCents = 50_000) =>
        new EnrolmentBuilder().In(state).Quoted(totalCents).Build() with
        {
            Id = $"s-2027-03_{Interlocked.Increment(ref _next):D16}",
            PaymentMethod = method,
            Trainees = [.. Enumerable.Range(0, places).Select(i => EnrolmentBuilder.Trainee($"t{i}@example.org"))],
            Seats = EnrolmentStateMachine.HoldsSeats(state) ? [.. Enumerable.Range(1, places)] : [],
        };

    private static SessionFigures Figures(params EnrolmentRecord[] records) => SessionFigures.Of(records, 0, Now, Holds);

    [Fact]
    public void Confirmed_places_are_the_seats_of_confirmed_enrolments_only()
    {
        var figures = Figures(Enrolment(EnrolmentState.Confirmed, 2), Enrolment(EnrolmentState.Confirmed, 1), Enrolment(EnrolmentState.PendingPayment, 3), Enrolment(EnrolmentState.Cancelled, 4));

        Assert.Equal(3, figures.Confirmed);
        Assert.Equal(6, figures.PlacesTaken);
    }

    [Fact]
    public void Held_places_are_counted_by_reason_card_invoice_contract_first_then_any_other_seat_holding_state()
    {
        var figures = Figures(
            Enrolment(EnrolmentState.InstalmentOverdue, 1), Enrolment(EnrolmentState.AwaitingInvoice, 2), Enrolment(EnrolmentState.PendingPayment, 1),
            Enrolment(EnrolmentState.PendingPayment, 2), Enrolment(EnrolmentState.ContractSigned, 1), Enrolment(EnrolmentState.PartlyPaid, 1),
            Enrolment(EnrolmentState.Expired, 5));

        Assert.Equal(
            [new HeldPlaces(EnrolmentState.PendingPayment, 3), new HeldPlaces(EnrolmentState.AwaitingInvoice, 2), new HeldPlaces(EnrolmentState.ContractSigned, 1),
             new HeldPlaces(EnrolmentState.PartlyPaid, 1), new HeldPlaces(EnrolmentState.InstalmentOverdue, 1)],
            figures.Held);
        Assert.Equal(8, figures.HeldTotal);
    }

    [Fact]
    public void The_waiting_list_counts_requests_and_the_trainees_they_ask_places_for()
    {
        var figures = Figures(Enrolment(EnrolmentState.WaitingList, 3), Enrolment(EnrolmentState.WaitingList, 1), Enrolment(EnrolmentState.Confirmed, 1));

        Assert.Equal(2, figures.WaitingRequests);
        Assert.Equal(4, figures.WaitingTrainees);
    }

    [Fact]
    public void Money_is_the_sum_of_each_enrolments_paid_unpaid_invoiced_and_refunded_amounts()
    {
        var paid = Enrolment(EnrolmentState.Confirmed) with { PaidAt = Now, PaidAmountCents = 50_000 };
        var invoiced = Enrolment(EnrolmentState.Confirmed, method: PaymentMethod.Invoice, totalCents: 80_000);
        var refunded = Enrolment(EnrolmentState.Refunded, totalCents: 30_000) with { PaidAt = Now, PaidAmountCents = 30_000 };
        var awaiting = Enrolment(EnrolmentState.AwaitingInvoice, method: PaymentMethod.Invoice, totalCents: 70_000);

        var figures = Figures(paid, invoiced, refunded, awaiting);

        Assert.Equal(50_000, figures.PaidCents);
        Assert.Equal(80_000, figures.UnpaidInvoicedCents);
        Assert.Equal(30_000, figures.RefundedCents);
    }

    [Fact]
    public void Failed_emails_are_the_count_given()
    {
        Assert.Equal(3, SessionFigures.Of([], 3, Now, Holds).FailedEmails);
    }

    [Fact]
    public void A_paid_enrolment_without_a_place_needs_a_decision()
    {
        var record = Enrolment(EnrolmentState.PaidNoSeat) with { StaffAttention = "payé sans place" };

        Assert.Equal([new DecisionNeeded(record.Id, DecisionReason.PaidNoSeat)], Figures(record).Decisions);
    }

    [Fact]
    public void An_amount_mismatch_noted_on_a_live_enrolment_needs_a_decision_but_not_once_it_has_ended()
    {
        var live = Enrolment(EnrolmentState.PendingPayment) with { StaffAttention = "montant différent" };
        var ended = Enrolment(EnrolmentState.Cancelled) with { StaffAttention = "montant différent" };

        Assert.Equal([new DecisionNeeded(live.Id, DecisionReason.StaffAttention)], Figures(live, ended).Decisions);
    }

    [Fact]
    public void An_overdue_instalment_needs_a_decision_until_its_grace_ends()
    {
        var record = Enrolment(EnrolmentState.InstalmentOverdue) with { GraceExpiresAt = Now.AddDays(5) };

        Assert.Equal([new DecisionNeeded(record.Id, DecisionReason.InstalmentOverdue, Now.AddDays(5))], Figures(record).Decisions);
    }

    [Fact]
    public void An_invoice_hold_needs_a_decision_once_it_lapses_within_48_hours()
    {
        var soon = Enrolment(EnrolmentState.AwaitingInvoice, method: PaymentMethod.Invoice) with { HoldExpiresAt = Now.AddHours(47) };
        var edge = Enrolment(EnrolmentState.AwaitingInvoice, method: PaymentMethod.Invoice) with { HoldExpiresAt = Now.AddHours(48) };
        var later = Enrolment(EnrolmentState.AwaitingInvoice, method: PaymentMethod.Invoice) with { HoldExpiresAt = Now.AddHours(49) };
        // No stored expiry: the hold ends InvoiceHoldDays after the request (created ten minutes ago, so in 7 days).
        var fresh = Enrolment(EnrolmentState.AwaitingInvoice, method: PaymentMethod.Invoice);

        Assert.Equal(
            [new DecisionNeeded(soon.Id, DecisionReason.InvoiceHoldLapsing, Now.AddHours(47)), new DecisionNeeded(edge.Id, DecisionReason.InvoiceHoldLapsing, Now.AddHours(48))],
            Figures(soon, edge, later, fresh).Decisions);
    }

    [Fact]
    public void A_volunteer_declaration_awaiting_approval_needs_a_decision_on_a_live_enrolment()
    {
        var volunteer = new Trainee("Dom", "Durand", "dom@example.org", null, null, null, TraineeCategory.Volunteer)
        {
            VolunteerDeclaration = new VolunteerDeclaration("Les Petits Frères", Now) { AwaitsApproval = true },
        };
        var live = Enrolment(EnrolmentState.Confirmed) with { Trainees = [volunteer] };
        var expired = Enrolment(EnrolmentState.Expired) with { Trainees = [volunteer] };

        Assert.Equal([new DecisionNeeded(live.Id, DecisionReason.VolunteerApproval)], Figures(live, expired).Decisions);
    }

    [Fact]
    public void An_anonymised_enrolment_needs_no_decision()
    {
        var record = Enrolment(EnrolmentState.PaidNoSeat) with { AnonymisedAt = Now };

        Assert.Empty(Figures(record).Decisions);
    }
}
