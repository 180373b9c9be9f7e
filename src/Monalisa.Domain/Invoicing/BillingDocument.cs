namespace Monalisa.Domain.Invoicing;

/// <summary>An invoice or a credit note (EN 16931 BT-3: 380 commercial invoice, 381 credit note).</summary>
public enum DocumentKind { Invoice, CreditNote }

/// <summary>
/// A seller or a buyer (EN 16931 BG-4 / BG-7). The address is the one block the payer typed (BT-35 / BT-50), in France
/// (BT-40 / BT-55); identifiers are those the law asks invoices to print (CGI 242 nonies A): SIREN (BT-30 / BT-47, the
/// legal registration), SIRET (BT-29 / BT-46, scheme 0009) and the VAT number where there is one (BT-31 / BT-48).
/// </summary>
public sealed record BillingParty(string Name, string Address, string? Siren, string? Siret, string? VatNumber, string? Email, string CountryCode = "FR");

/// <summary>
/// One line (EN 16931 BG-25): description (BT-153), quantity (BT-129) in a unit (BT-130, UN/ECE rec. 20: « C62 » one,
/// « DAY » a day), net unit price excluding VAT (BT-146) and net amount (BT-131 = quantity × unit price).
/// </summary>
public sealed record BillingLine(string Description, decimal Quantity, string UnitCode, long UnitPriceCents, long NetCents);

/// <summary>
/// The VAT of the document (EN 16931 BG-23, one category): « S » at a rate (BT-118, BT-119), or « E » exempt with its
/// legal reference in words (BT-120) and its code (BT-121, VATEX). An invoice always has one or the other.
/// </summary>
public sealed record VatTreatment(string CategoryCode, decimal RatePercent, string? ExemptionReason, string? ExemptionCode)
{
    public static VatTreatment Standard(decimal ratePercent) => new("S", ratePercent, null, null);

    /// <summary>Exempt: the reason is printed as the setting words it (« Exonération de TVA, article 261-4-4° a du CGI »).</summary>
    public static VatTreatment Exempt(string reason) => new("E", 0m, reason, "VATEX-FR-261-4-4A");

    public bool IsExempt => CategoryCode == "E";
}

/// <summary>
/// Document totals (EN 16931 BG-22), in cents: net (BT-109), VAT (BT-110), with VAT (BT-112), already paid (BT-113) and
/// due (BT-115 = BT-112 − BT-113). A credit note carries positive amounts: its kind says they are credited.
/// </summary>
public sealed record BillingTotals(long NetCents, long VatCents, long GrossCents, long PaidCents)
{
    public long DueCents => GrossCents - PaidCents;
}

/// <summary>
/// An invoice or a credit note, as issued: one model whose fields map one to one onto the core invoice of EN 16931
/// (docs/invoices.md), so the PDF, the Chorus Pro deposit and a later Factur-X or UBL export are serialisations of the
/// same record and never disagree. Built once, at issue, and never changed: a change is a credit note.
/// </summary>
public sealed record BillingDocument
{
    public required DocumentKind Kind { get; init; }
    /// <summary>BT-1: « F-2027-000123 », from one continuous chronological series per kind (<see cref="DocumentNumber"/>).</summary>
    public required string Number { get; init; }
    /// <summary>BT-2.</summary>
    public required DateOnly IssueDate { get; init; }
    /// <summary>BT-5.</summary>
    public string Currency { get; init; } = "EUR";
    /// <summary>BT-9: the issue date plus the payment days of the settings.</summary>
    public required DateOnly DueDate { get; init; }
    /// <summary>BG-14 (BT-73, BT-74): the session's first and last day, the date of the service.</summary>
    public required DateOnly ServiceStart { get; init; }
    public required DateOnly ServiceEnd { get; init; }
    /// <summary>BG-4.</summary>
    public required BillingParty Seller { get; init; }
    /// <summary>BG-7.</summary>
    public required BillingParty Buyer { get; init; }
    /// <summary>BT-10: the public buyer's service code (Chorus Pro « code service »), when it has one.</summary>
    public string? BuyerReference { get; init; }
    /// <summary>BT-13: the buyer's purchase-order number, or a public buyer's commitment number (« numéro d'engagement »).</summary>
    public string? PurchaseOrderReference { get; init; }
    /// <summary>BG-3 (BT-25, BT-26): on a credit note, the invoice it credits.</summary>
    public string? PrecedingInvoiceNumber { get; init; }
    public DateOnly? PrecedingInvoiceDate { get; init; }
    /// <summary>BG-25.</summary>
    public required IReadOnlyList<BillingLine> Lines { get; init; }
    /// <summary>BG-23.</summary>
    public required VatTreatment Vat { get; init; }
    /// <summary>BG-22.</summary>
    public required BillingTotals Totals { get; init; }
    /// <summary>
    /// BT-20: the payment terms in words: due date, late-payment penalty rate and the 40 € fixed recovery fee (L441-10,
    /// D441-5), bank details for a transfer.
    /// </summary>
    public required string PaymentTerms { get; init; }
    /// <summary>BT-81 (UNTDID 4461): « 30 » credit transfer, « 48 » bank card, « 58 » SEPA credit transfer.</summary>
    public required string PaymentMeansCode { get; init; }
    /// <summary>BT-22: free notes (the training body's déclaration d'activité, the nature of the operation: services).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>Not in EN 16931: the enrolment this document bills, for the console and the timeline.</summary>
    public required string EnrolmentId { get; init; }
    /// <summary>Not in EN 16931: the buyer is a public body, invoiced through Chorus Pro.</summary>
    public bool PublicBuyer { get; init; }
}

/// <summary>A document issued for an enrolment, as the enrolment remembers it (timeline, console, what is still to bill).</summary>
/// <param name="Index">1, 2, 3… per enrolment: with the enrolment id, the key that makes issuing the same document twice impossible.</param>
public sealed record IssuedDocument(int Index, DocumentKind Kind, string Number, long GrossCents, DateTimeOffset IssuedAt);

/// <summary>Where a public buyer's invoice stands in Chorus Pro.</summary>
public enum ChorusStatus { ToDeposit, Depositing, Deposited, Rejected, Paid, Failed }
