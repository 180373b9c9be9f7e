namespace Monalisa.Domain.Enrolment;

/// <summary>How an invoice was paid, as staff record it (the console's <c>method</c> field).</summary>
public static class InvoicePaymentMethods
{
    public const string Transfer = "virement";
    public const string Cheque = "cheque";
    /// <summary>Mandat administratif: a public buyer's payment.</summary>
    public const string PublicMandate = "mandat";
    public const string Card = "carte";
    public const string Cash = "especes";

    public static readonly IReadOnlyList<string> All = [Transfer, Cheque, PublicMandate, Card, Cash];
}

/// <summary>A payment received for an invoice enrolment and recorded by a staff member (never by the payer).</summary>
public sealed record RecordedPayment(DateOnly ReceivedOn, long AmountCents, string Method, string Reference, string RecordedBy, DateTimeOffset RecordedAt)
{
    /// <summary>
    /// The same bank line typed twice (two staff members, a double click, a retried form) is one payment: same
    /// reference, amount and date. Two real payments of the same amount on the same day carry different references.
    /// </summary>
    public bool SamePaymentAs(RecordedPayment other) =>
        ReceivedOn == other.ReceivedOn && AmountCents == other.AmountCents
        && string.Equals(Reference.Trim(), other.Reference.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>Money decided to go back through Stripe (a refund row with the same key is carried out once).</summary>
public sealed record RefundEntry(string Key, string PaymentIntentId, long AmountCents, DateTimeOffset DecidedAt);

/// <summary>Who cancels: the payer (or trainee) asking, or the organisation (trainer ill, too few trainees, force majeure).</summary>
public enum CancellationReason { Payer, Organisme }

/// <summary>
/// What a cancellation settled: why, when, what goes back (<see cref="RefundCents"/>), what is no longer owed
/// (<see cref="WaivedCents"/>), and whether the trainees concerned had a convocation (their calendar entry is withdrawn).
/// </summary>
public sealed record CancellationEntry(CancellationReason Reason, DateTimeOffset At, long ShareCents, long RefundCents, long WaivedCents, bool HadConvocation, string? By)
{
    /// <summary>Free text staff gave when cancelling a whole session (shown in the email); null otherwise.</summary>
    public string? Note { get; init; }
}

/// <summary>A trainee taken out of an enrolment whose other trainees keep their places.</summary>
public sealed record CancelledTrainee(Trainee Trainee, int FormerIndex, CancellationEntry Cancellation);
