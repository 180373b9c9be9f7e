namespace Monalisa.Domain.Enrolment;

/// <summary>
/// An enrolment as sent by the form or as JSON, before any check. Everything is optional text: the validator says
/// what is missing or wrong, field by field. Amounts are deliberately absent: the price is computed on the server.
/// </summary>
public sealed record EnrolmentSubmission
{
    public string? SessionId { get; init; }
    public IReadOnlyList<TraineeSubmission>? Trainees { get; init; }
    public PayerSubmission? Payer { get; init; }
    public string? PaymentMethod { get; init; }
    public bool? PrerequisitesConfirmed { get; init; }
    public bool? Consent { get; init; }
    public string? AccessibilityNeeds { get; init; }
    /// <summary>Honeypot: people leave it empty, bots fill it.</summary>
    public string? Website { get; init; }
    /// <summary>When the form was shown (Unix ms, browser clock), if the form says.</summary>
    public long? RenderedAt { get; init; }
    /// <summary>When the form was sent (Unix ms, browser clock): with <see cref="RenderedAt"/>, a delay free of clock skew.</summary>
    public long? SubmittedAt { get; init; }
    public bool? WaitingList { get; init; }
    /// <summary>Self-funded trainee: the box « j'accepte le contrat » was ticked.</summary>
    public bool? ContractAccepted { get; init; }
    /// <summary>Self-funded trainee: the SHA-256 of the contract text the page showed.</summary>
    public string? ContractVersion { get; init; }
}

public sealed record TraineeSubmission
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Organisation { get; init; }
    public string? JobTitle { get; init; }
    public string? Category { get; init; }
    /// <summary>Volunteer: the box « je déclare sur l'honneur… » was ticked.</summary>
    public bool? VolunteerDeclared { get; init; }
    /// <summary>Volunteer: the association the trainee volunteers for.</summary>
    public string? VolunteerAssociation { get; init; }

    public bool IsBlank =>
        new[] { FirstName, LastName, Email, Phone, Organisation, JobTitle, Category, VolunteerAssociation }.All(string.IsNullOrWhiteSpace)
        && VolunteerDeclared != true;
}

public sealed record PayerSubmission
{
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public string? Siret { get; init; }
    public string? PurchaseOrder { get; init; }
    /// <summary>Self-funded trainee: their postal address, which the contract names (street, postcode, city).</summary>
    public string? Street { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    /// <summary>An organisation's intra-community VAT number, optional.</summary>
    public string? VatNumber { get; init; }
    /// <summary>A public body (kind « public »): the Chorus Pro service code and commitment number its directory entry may require.</summary>
    public string? ServiceCode { get; init; }
    public string? CommitmentNumber { get; init; }
}
