using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Enrolment;

/// <summary>One instalment of a self-funded enrolment, as planned by InstalmentSchedule, with what became of it.</summary>
public sealed record InstalmentEntry(int Number, long AmountCents, DateOnly DueOn)
{
    public DateTimeOffset? PaidAt { get; init; }
    public string? PaymentIntentId { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public string? FailureCode { get; init; }
    /// <summary>The recovery Checkout opened for this instalment, reused while open, so a link opened twice never pays twice.</summary>
    public string? RecoveryCheckoutId { get; init; }
    public string? RecoveryCheckoutUrl { get; init; }
    /// <summary>How many recovery Checkouts were opened (each with its own Stripe idempotency key).</summary>
    public int RecoveryAttempt { get; init; }
    public bool Paid => PaidAt is not null;
}

/// <summary>
/// The enrolment aggregate: the request, its price, its state and its places. Plain data: how it is stored (and its
/// ETag) is the store's business, and what may happen to it is <see cref="EnrolmentDecisions"/>'.
/// </summary>
public sealed record EnrolmentRecord
{
    public required string Id { get; init; }
    public required string SessionId { get; init; }
    public required string CourseSlug { get; init; }
    /// <summary>The session's last day (UTC midnight), so retention can find old enrolments without the catalogue.</summary>
    public required DateTimeOffset SessionEnd { get; init; }
    public required EnrolmentState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? HoldExpiresAt { get; init; }
    public required PaymentMethod PaymentMethod { get; init; }
    public required Payer Payer { get; init; }
    public required IReadOnlyList<Trainee> Trainees { get; init; }
    public IReadOnlyList<int> Seats { get; init; } = [];
    public required IReadOnlyList<QuoteLine> Lines { get; init; }
    public required int Days { get; init; }
    public required long TotalCents { get; init; }
    /// <summary>SHA-256 of the access token given to the enrolling person; the token itself is never stored.</summary>
    public required string TokenHash { get; init; }
    public string? AccessibilityNeeds { get; init; }
    public string? CheckoutSessionId { get; init; }
    /// <summary>The open payment page, so a trainee who cancelled can resume while the hold lasts.</summary>
    public string? CheckoutUrl { get; init; }
    public string? PaymentReference { get; init; }
    public DateTimeOffset? PaidAt { get; init; }
    public long? PaidAmountCents { get; init; }
    /// <summary>Something only a person can settle (amount mismatch, paid without a place): shown in the staff export.</summary>
    public string? StaffAttention { get; init; }
    public DateTimeOffset? AnonymisedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    // Self-funded trainees (individual + card): contract, saved card, instalments.
    /// <summary>When the trainee ticked « j'accepte le contrat » (the signature, day 0 of the withdrawal period).</summary>
    public DateTimeOffset? ContractAcceptedAt { get; init; }
    /// <summary>SHA-256 of the exact contract text shown and accepted.</summary>
    public string? ContractSha256 { get; init; }
    public string? StripeCustomerId { get; init; }
    /// <summary>The card saved by the setup checkout, charged off-session for each instalment.</summary>
    public string? PaymentMethodId { get; init; }
    public IReadOnlyList<InstalmentEntry> Instalments { get; init; } = [];
    /// <summary>After a failed instalment: the place is kept until then.</summary>
    public DateTimeOffset? GraceExpiresAt { get; init; }
    /// <summary>
    /// A random seed from which the server derives, with a key of its own, the token of the withdrawal and payment links
    /// sent by email (emails are written when sent, from this record). The seed alone opens nothing.
    /// </summary>
    public string? ActionTokenSeed { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }
    /// <summary>The session starts before day 11: nothing is charged before day 11 anyway, and staff were alerted.</summary>
    public bool CautiousSchedule { get; init; }
    /// <summary>
    /// A keyed hash of the client address the places were asked from, never the address itself: the seat rows carry it,
    /// also when places are taken again, so that they count against that address's cap. Null for older enrolments.
    /// </summary>
    public string? AddressKey { get; init; }

    // Staff console (issue 16): invoice payments, refunds, cancellations.
    /// <summary>Payments staff recorded for an invoice (bank transfer, cheque, mandate…), oldest first.</summary>
    public IReadOnlyList<RecordedPayment> Payments { get; init; } = [];
    /// <summary>Refunds decided through Stripe, each carried out once by its refund row (same key).</summary>
    public IReadOnlyList<RefundEntry> RefundEntries { get; init; } = [];
    /// <summary>The part of the quote no longer owed after cancellations (whole enrolment or some trainees).</summary>
    public long WaivedCents { get; init; }
    /// <summary>How the whole enrolment was cancelled; null if it was not, or before the terms were recorded.</summary>
    public CancellationEntry? Cancellation { get; init; }
    /// <summary>Trainees cancelled one by one: out of <see cref="Trainees"/>, their place given back.</summary>
    public IReadOnlyList<CancelledTrainee> CancelledTrainees { get; init; } = [];
    /// <summary>Trainees replaced by another person of the same organisation (same place, same price), oldest first.</summary>
    public IReadOnlyList<ReplacedTrainee> ReplacedTrainees { get; init; } = [];

    // Conventions and invoices (issue 17).
    /// <summary>The organisation's online acceptance of the convention de formation; null until it accepts.</summary>
    public Conventions.ConventionAcceptance? ConventionAcceptance { get; init; }
    /// <summary>Invoices and credit notes issued for this enrolment, by index (oldest first); never removed.</summary>
    public IReadOnlyList<Invoicing.IssuedDocument> Documents { get; init; } = [];

    // BPF (issue 18).
    /// <summary>Staff's correction of the funding class the BPF derives from the payer; null when none.</summary>
    public FundingClassCorrection? FundingCorrection { get; init; }

    public bool SelfFunded => Payer.Kind == PayerKind.Individual && PaymentMethod == PaymentMethod.Card;
    public DateOnly SignedOn(TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(ContractAcceptedAt ?? CreatedAt, zone).DateTime);
    public decimal Total => Money.FromCents(TotalCents);

    public InstalmentEntry? Instalment(int number) => Instalments.FirstOrDefault(i => i.Number == number);

    /// <summary>The same record with one instalment replaced.</summary>
    public EnrolmentRecord WithInstalment(InstalmentEntry entry) =>
        this with { Instalments = [.. Instalments.Select(i => i.Number == entry.Number ? entry : i)] };

    /// <summary>The same enrolment with every personal detail replaced: what retention keeps for statistics and accounts.</summary>
    public EnrolmentRecord Anonymised(DateTimeOffset now) => this with
    {
        Payer = new Payer(Payer.Kind, Removed, $"anonymise@{RemovedDomain}", null, Payer.Siret, Payer.PurchaseOrder),
        Trainees = [.. Trainees.Select((t, i) => new Trainee(Removed, Removed, $"anonymise-{i}@{RemovedDomain}", null, t.Organisation, null, t.Category))],
        // The address's keyed hash is personal data too: retention keeps none of it.
        AddressKey = null,
        AccessibilityNeeds = null,
        ActionTokenSeed = null,
        // Who was replaced by whom names two people: nothing of it is kept.
        ReplacedTrainees = [],
        // The convention's acceptance keeps its date and hash (the accounts' proof), not who signed.
        ConventionAcceptance = ConventionAcceptance is { } accepted ? accepted with { SignatoryName = Removed, SignatoryRole = Removed } : null,
        // The funding class stays (the BPF's statistics); staff's reason may name someone, so it goes.
        FundingCorrection = FundingCorrection is { } correction ? correction with { Reason = Removed } : null,
        AnonymisedAt = now,
        UpdatedAt = now,
    };

    private const string Removed = "(anonymisé)";
    /// <summary>A reserved domain (RFC 2606): an anonymised address can never receive mail.</summary>
    private const string RemovedDomain = "anonymise.invalid";
}
