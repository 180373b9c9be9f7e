using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Tariffs;

namespace Monalisa.Functions.Enrolment;

/// <summary>How states are named in the API (camelCase) and shown to people (French).</summary>
internal static class StateNames
{
    public static string Api(EnrolmentState state) => char.ToLowerInvariant(state.ToString()[0]) + state.ToString()[1..];

    public static string French(EnrolmentState state) => state switch
    {
        EnrolmentState.PendingPayment => "En attente de paiement",
        EnrolmentState.AwaitingInvoice => "Inscription enregistrée, en attente de règlement",
        EnrolmentState.Confirmed => "Inscription confirmée",
        EnrolmentState.Expired => "Délai de paiement dépassé : places libérées",
        EnrolmentState.Cancelled => "Inscription annulée",
        EnrolmentState.WaitingList => "Sur liste d'attente",
        EnrolmentState.PaymentFailed => "Paiement échoué : places libérées",
        EnrolmentState.PaidNoSeat => "Paiement reçu, place à confirmer par l'équipe",
        EnrolmentState.RefundPending => "Paiement reçu sans place : remboursement en cours",
        EnrolmentState.Refunded => "Paiement remboursé",
        EnrolmentState.ContractSigned => "Contrat signé : délai de rétractation de 10 jours en cours, rien n'est débité",
        EnrolmentState.PartlyPaid => "Inscription confirmée : premier versement reçu, solde le premier jour de la session",
        EnrolmentState.InstalmentOverdue => "Échéance impayée : place gardée pendant le délai de régularisation",
        EnrolmentState.Withdrawn => "Rétractation enregistrée : place libérée, rien n'a été débité",
        EnrolmentState.Offered => "Liste d'attente : place proposée, à confirmer avant la fin du délai",
        EnrolmentState.OfferDeclined => "Liste d'attente : place proposée refusée, proposée à la personne suivante",
        EnrolmentState.OfferLapsed => "Liste d'attente : proposition expirée, place proposée à la personne suivante",
        EnrolmentState.MovedOut => "Stagiaires déplacés vers une autre session : places libérées ici",
        _ => state.ToString(),
    };
}

/// <summary>The 201 answer to an enrolment.</summary>
internal sealed record EnrolmentCreatedView(string Id, string Status, decimal Total, string StatusUrl, string? CheckoutUrl);

/// <summary>What the holder of the token may read about an enrolment: no email, no phone, no address.</summary>
internal sealed record EnrolmentStatusView(
    string Id, string Status, string StatusLabel, CourseRef Course, SessionRef Session, IReadOnlyList<TraineeRef> Trainees,
    IReadOnlyList<QuoteLineView> Lines, decimal Total, string Currency, string? CheckoutUrl)
{
    /// <param name="now">A payment page is offered again only while Stripe keeps it open (it closes before the hold ends).</param>
    /// <param name="seatsLeft">The places left in the session, read exactly: the visitor sees their own enrolment counted.</param>
    public static EnrolmentStatusView From(EnrolmentRecord e, Course course, CourseSession session, int seatsLeft, DateTimeOffset now) => new(
        e.Id, StateNames.Api(e.State), StateNames.French(e.State),
        new CourseRef(course.Slug, course.Title),
        new SessionRef(session.Id, session.Start.ToString("yyyy-MM-dd"), session.End.ToString("yyyy-MM-dd"), session.City, session.Venue, seatsLeft),
        [.. e.Trainees.Select(t => new TraineeRef(t.FirstName, t.LastName, Domain.Tariffs.QuoteCategories.For(t.Category)))],
        [.. e.Lines.Select(QuoteLineView.From)],
        e.Total, Domain.Tariffs.Quote.Euro,
        e.State == EnrolmentState.PendingPayment && e.HoldExpiresAt - HoldPolicy.HoldMargin > now ? e.CheckoutUrl : null)
    {
        Instalments = e.SelfFunded && e.Instalments.Count > 0
            ? [.. e.Instalments.Select(i => new InstalmentView(i.Number, i.AmountCents / 100m, i.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))]
            : null,
    };

    /// <summary>
    /// A self-funded trainee's payment schedule (InstalmentSchedule, as stored when the contract was signed), for the page
    /// shown once the card is saved; null for any other enrolment, which is paid at once or on invoice.
    /// </summary>
    public IReadOnlyList<InstalmentView>? Instalments { get; init; }
}

/// <summary>One instalment: its number, amount in euros and the Paris date it is charged (yyyy-MM-dd).</summary>
internal sealed record InstalmentView(int Number, decimal Amount, string DueOn);

internal sealed record CourseRef(string Slug, string Title);
internal sealed record SessionRef(string Id, string Start, string End, string City, string Venue, int SeatsLeft);
internal sealed record TraineeRef(string FirstName, string LastName, string Category);
