namespace Monalisa.Domain.Enrolment;

/// <summary>
/// One payer email may hold only so many places in a session, all its enrolments together: a script that fills a session
/// under one address stops there, and a real group that large is better served by an intra session.
/// </summary>
public static class PayerCap
{
    public static bool Allows(int placesHeld, int placesAsked, int cap) => placesHeld + placesAsked <= cap;
}
