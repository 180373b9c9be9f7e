namespace Monalisa.Domain.Certificates;

/// <summary>
/// How long the documents and assessments are kept. The ministry's model binds the provider to keep the proof of a
/// certificat « pendant une durée de 3 ans à compter de la fin de l'année du dernier paiement »: the product keeps them
/// until the end of the third calendar year after the session's year (a session of 2027: until 31 December 2030), then
/// deletes them. A payment made in a later year, or European co-funding (10 years), needs longer: staff keep a copy.
/// </summary>
public static class CertificateRetention
{
    public const int Years = 3;

    /// <summary>Documents of sessions that ended before this instant are past their retention on <paramref name="today"/>.</summary>
    public static DateTimeOffset Cutoff(DateOnly today) => new(today.Year - Years, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
