namespace Monalisa.Functions.Enrolment;

/// <summary>
/// The offer step the store calls right after a change kept places back for a session's waiting list. Declared here,
/// implemented by WaitingList (which depends on Enrolment, never the reverse). A crash before it runs loses nothing:
/// the kept places stay out of public sale and the hold-expiry timer's sweep offers them.
/// </summary>
internal interface IWaitingListOffers
{
    /// <summary>Offers the places kept back in one session (one transaction), and puts those nobody can use back on sale.</summary>
    Task OfferAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Runs the offer step for every session that still has places kept back (after a crash in between); how many.</summary>
    Task<int> SweepAsync(CancellationToken cancellationToken);
}
