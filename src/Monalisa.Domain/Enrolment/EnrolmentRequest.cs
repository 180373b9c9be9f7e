using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Enrolment;

public enum PayerKind { Organisation, Individual }

public enum PaymentMethod { Card, Invoice }

public sealed record Trainee(
    string FirstName, string LastName, string Email, string? Phone, string? Organisation, string? JobTitle, TraineeCategory Category);

public sealed record Payer(PayerKind Kind, string Name, string Email, string? Address, string? Siret, string? PurchaseOrder);

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
