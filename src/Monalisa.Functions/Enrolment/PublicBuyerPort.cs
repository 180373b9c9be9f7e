using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// The public buyers' directory the enrolment asks before it takes a public body's request: declared here, implemented
/// by ChorusPro (which depends on Enrolment, never the reverse), so the server checks again what the form asked.
/// </summary>
internal interface IPublicBuyerDirectory
{
    Task<PublicBuyerCheck> CheckAsync(string siret, CancellationToken cancellationToken);
}

/// <summary>What the directory said of a SIRET.</summary>
internal abstract record PublicBuyerCheck
{
    /// <summary>A structure Chorus Pro routes invoices to, and what its invoices must carry.</summary>
    public sealed record Found(string Name, PublicBuyerRequirements Requirements) : PublicBuyerCheck;
    /// <summary>No such active structure: an invoice to it would be refused at deposit.</summary>
    public sealed record Unknown : PublicBuyerCheck;
    /// <summary>The directory did not answer (down, timeout, refused credentials).</summary>
    public sealed record Unreachable : PublicBuyerCheck;
}
