namespace Monalisa.Functions.Email;

/// <summary>Every email the product sends, by name. An outbox record carries one of these.</summary>
internal static class EmailKind
{
    // To the payer and trainees.
    public const string EnrolmentRegistered = "inscription-enregistree";
    public const string EnrolmentConfirmed = "inscription-confirmee";
    public const string Convocation = "convocation";
    public const string WaitingList = "liste-attente";
    public const string PaymentFailedOrExpired = "paiement-echoue";
    /// <summary>Paid after the hold ran out and the places went to others: staff confirm a place or refund.</summary>
    public const string PaidNoSeat = "paye-sans-place";
    public const string IntraRequestReceived = "demande-intra-recue";

    // To staff.
    public const string StaffNewEnrolment = "staff-nouvelle-inscription";
    public const string StaffConfirmation = "staff-confirmation";
    public const string StaffWaitingList = "staff-liste-attente";
    public const string StaffIntraRequest = "staff-demande-intra";
    public const string StaffPaymentFailed = "staff-paiement-echoue";
    public const string StaffPaidNoSeat = "staff-paye-sans-place";
    public const string StaffAmountMismatch = "staff-montant-incoherent";
}

/// <summary>Who an outbox email goes to. Addresses are read when sending, from the record it is about, so anonymising that record also silences the email.</summary>
internal enum RecipientRole { Payer, Trainee, Staff, IntraContact }
