namespace Monalisa.Domain.Enrolment;

/// <summary>
/// One payer email, and one client address, may each hold only so many places in a session, all their enrolments
/// together: a script that fills a session under one email, or from one address with a new email each time, stops there,
/// and a real group that large is better served by an intra session.
/// </summary>
public static class PlacesCap
{
    public static bool Allows(int placesHeld, int placesAsked, int cap) => placesHeld + placesAsked <= cap;
}
