using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Conventions;

/// <summary>
/// Which enrolments have a convention, and what its online acceptance does: it confirms an invoice enrolment awaiting
/// payment (like the purchase order or a staff confirmation), is only recorded on one already confirmed, and happens
/// once — the first acceptance is the one kept, whatever comes after.
/// </summary>
public static class ConventionDecisions
{
    /// <summary>D6353-1: an organisation buys the course for its people. A self-funded trainee signs a contract instead.</summary>
    public static bool HasConvention(EnrolmentRecord enrolment) => enrolment.Payer.Kind == PayerKind.Organisation;

    /// <summary>
    /// D6353-1 II: the purchase order, when the payer gave its number, stands in for the convention with the programme
    /// annexed; the text says so.
    /// </summary>
    public static bool PurchaseOrderStandsIn(EnrolmentRecord enrolment) => !string.IsNullOrWhiteSpace(enrolment.Payer.PurchaseOrder);

    /// <summary>Whether the acceptance link still leads somewhere to accept: a living enrolment without an acceptance yet.</summary>
    public static bool CanAccept(EnrolmentRecord enrolment) =>
        HasConvention(enrolment) && enrolment.ConventionAcceptance is null && enrolment.State is EnrolmentState.AwaitingInvoice or EnrolmentState.Confirmed;

    public static Decision Accept(EnrolmentRecord before, EnrolmentCommand.ConventionAccepted accepted, DateTimeOffset now)
    {
        if (!HasConvention(before)) return new Decision.Refused();
        // A second acceptance (another click, another signatory) changes nothing: the first text and hash stay.
        if (before.ConventionAcceptance is not null) return new Decision.Unchanged();
        EnrolmentRecord Record(EnrolmentRecord e) => e with { ConventionAcceptance = accepted.Acceptance };
        return before.State switch
        {
            EnrolmentState.AwaitingInvoice => EnrolmentDecisions.MoveFor(before, EnrolmentTrigger.ConventionAccepted, now, Record),
            // Paid by card or already confirmed by staff: the acceptance is kept, nothing moves, nobody is emailed again.
            EnrolmentState.Confirmed => new Decision.Write(new EnrolmentDecision(Record(before) with { UpdatedAt = now }, SeatChange.None, [])),
            _ => new Decision.Refused(),
        };
    }
}
