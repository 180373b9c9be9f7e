using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Enrolment;

public enum PayerKind { Organisation, Individual }

public enum PaymentMethod { Card, Invoice }

public sealed record Trainee(
    string FirstName, string LastName, string Email, string? Phone, string? Organisation, string? JobTitle, TraineeCategory Category)
{
    /// <summary>A volunteer's « déclaration sur l'honneur », which the reduced rate rests on; null for a professional.</summary>
    public VolunteerDeclaration? VolunteerDeclaration { get; init; }
}

/// <summary>
/// « Je déclare sur l'honneur être bénévole de cette association » for a trainee at the volunteer rate: the association
/// named, and when it was declared (the enrolment's submission). The conditions of sale invoice a false declaration at
/// the professional rate; staff see it in the CSV and their email.
/// </summary>
public sealed record VolunteerDeclaration(string Association, DateTimeOffset DeclaredAt)
{
    /// <summary>Set when the setting asks staff to approve the volunteer rate of a card enrolment (it is paid at once).</summary>
    public bool AwaitsApproval { get; init; }
}

public sealed record Payer(PayerKind Kind, string Name, string Email, string? Address, string? Siret, string? PurchaseOrder)
{
    /// <summary>A self-funded trainee's postal address, named by their contract (personal data: never logged).</summary>
    public PostalAddress? PostalAddress { get; init; }

    /// <summary>The organisation's intra-community VAT number, printed on its invoices; null when it gave none.</summary>
    public string? VatNumber { get; init; }

    /// <summary>A public body (collectivité, public establishment), invoiced through Chorus Pro; null for any other payer.</summary>
    public PublicBuyer? PublicBody { get; init; }
}

/// <summary>
/// What Chorus Pro needs to route a public buyer's invoice, besides its SIRET (<see cref="Payer.Siret"/>): the service
/// code and the commitment number (« numéro d'engagement »), each given when the structure's directory entry requires it.
/// </summary>
public sealed record PublicBuyer(string? ServiceCode, string? CommitmentNumber);

/// <summary>A person's postal address in France, as the contract prints it.</summary>
public sealed record PostalAddress(string Street, string PostalCode, string City)
{
    public override string ToString() => $"{Street}, {PostalCode} {City}";
}

/// <summary>A valid enrolment request: what the trainees asked for, checked, before any place is taken.</summary>
public sealed record EnrolmentRequest(
    string SessionId,
    IReadOnlyList<Trainee> Trainees,
    Payer Payer,
    PaymentMethod PaymentMethod,
    string? AccessibilityNeeds,
    bool WaitingList)
{
    public QuoteRequest ToQuoteRequest() => QuoteRequest.Inter(
        Trainees.Count(t => t.Category == TraineeCategory.Professional),
        Trainees.Count(t => t.Category == TraineeCategory.Volunteer));

    /// <summary>
    /// The trainees, each volunteer's declaration stamped with the moment the enrolment was submitted, and marked for
    /// staff approval when <paramref name="cardNeedsApproval"/> and this enrolment is paid by card.
    /// </summary>
    public IReadOnlyList<Trainee> TraineesDeclaredAt(DateTimeOffset submittedAt, bool cardNeedsApproval = false) =>
        [.. Trainees.Select(t => t.VolunteerDeclaration is { } d
            ? t with { VolunteerDeclaration = d with { DeclaredAt = submittedAt, AwaitsApproval = cardNeedsApproval && PaymentMethod == PaymentMethod.Card && !WaitingList } }
            : t)];

    /// <summary>The contract version (SHA-256) a self-funded trainee accepted, as the form sent it.</summary>
    public string? ContractVersion { get; init; }

    /// <summary>An individual paying by card for their own training: contract, withdrawal period, instalments.</summary>
    public bool SelfFunded => !WaitingList && Payer.Kind == PayerKind.Individual && PaymentMethod == PaymentMethod.Card;

    /// <summary>The state a new enrolment starts in.</summary>
    public EnrolmentState InitialState => WaitingList
        ? EnrolmentState.WaitingList
        : SelfFunded ? EnrolmentState.ContractSigned
        : PaymentMethod == PaymentMethod.Card ? EnrolmentState.PendingPayment : EnrolmentState.AwaitingInvoice;
}
