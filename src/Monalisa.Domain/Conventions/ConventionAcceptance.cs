namespace Monalisa.Domain.Conventions;

/// <summary>
/// The payer accepted the convention de formation online (D6353-1): when, the SHA-256 of the exact text shown, and who
/// signed for the organisation (name and function, as typed). Kept on the enrolment, never changed afterwards.
/// </summary>
public sealed record ConventionAcceptance(DateTimeOffset AcceptedAt, string Sha256, string SignatoryName, string SignatoryRole);
