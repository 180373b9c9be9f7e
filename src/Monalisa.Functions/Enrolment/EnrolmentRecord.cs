using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>One instalment of a self-funded enrolment, as planned by InstalmentSchedule, with what became of it.</summary>
internal sealed record InstalmentEntry(int Number, long AmountCents, DateOnly DueOn)
{
    public DateTimeOffset? PaidAt { get; init; }
    public string? PaymentIntentId { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public string? FailureCode { get; init; }
    public bool Paid => PaidAt is not null;
}

/// <summary>An enrolment as stored: the request, its price, its state and its places.</summary>
internal sealed record EnrolmentRecord
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
    /// The token of the withdrawal and payment links sent by email. Kept in clear, unlike <see cref="TokenHash"/>,
    /// because the emails are written when sent, from this record; it can only withdraw (10 days) or pay an instalment.
    /// </summary>
    public string? ActionToken { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }
    /// <summary>The session starts before day 11: nothing is charged before day 11 anyway, and staff were alerted.</summary>
    public bool CautiousSchedule { get; init; }

    public bool SelfFunded => Payer.Kind == PayerKind.Individual && PaymentMethod == PaymentMethod.Card;
    public DateOnly SignedOn(TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(ContractAcceptedAt ?? CreatedAt, zone).DateTime);
    public ETag ETag { get; init; }

    public string RowKey => Keys.EnrolmentPrefix + Id;
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
        AccessibilityNeeds = null,
        ActionToken = null,
        AnonymisedAt = now,
        UpdatedAt = now,
    };

    private const string Removed = "(anonymisé)";
    /// <summary>A reserved domain (RFC 2606): an anonymised address can never receive mail.</summary>
    private const string RemovedDomain = "anonymise.invalid";

    // Enums as names, so stored records stay readable and survive a reordering of the enum.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public TableEntity ToEntity() => new(SessionId, RowKey)
    {
        [nameof(State)] = State.ToString(),
        [nameof(CourseSlug)] = CourseSlug,
        [nameof(SessionEnd)] = SessionEnd,
        [nameof(CreatedAt)] = CreatedAt,
        [nameof(HoldExpiresAt)] = HoldExpiresAt,
        [nameof(PaymentMethod)] = PaymentMethod.ToString(),
        [nameof(Payer)] = JsonSerializer.Serialize(Payer, Json),
        [nameof(Trainees)] = JsonSerializer.Serialize(Trainees, Json),
        [nameof(Seats)] = string.Join(',', Seats),
        [nameof(Lines)] = JsonSerializer.Serialize(Lines, Json),
        [nameof(Days)] = Days,
        [nameof(TotalCents)] = TotalCents,
        [nameof(TokenHash)] = TokenHash,
        [nameof(AccessibilityNeeds)] = AccessibilityNeeds,
        [nameof(CheckoutSessionId)] = CheckoutSessionId,
        [nameof(CheckoutUrl)] = CheckoutUrl,
        [nameof(PaymentReference)] = PaymentReference,
        [nameof(PaidAt)] = PaidAt,
        [nameof(PaidAmountCents)] = PaidAmountCents,
        [nameof(StaffAttention)] = StaffAttention,
        [nameof(AnonymisedAt)] = AnonymisedAt,
        [nameof(UpdatedAt)] = UpdatedAt,
        // Not data, but a convenient trainee count for the staff export and the expiry query.
        ["TraineeCount"] = Trainees.Count,
        [nameof(ContractAcceptedAt)] = ContractAcceptedAt,
        [nameof(ContractSha256)] = ContractSha256,
        [nameof(StripeCustomerId)] = StripeCustomerId,
        [nameof(PaymentMethodId)] = PaymentMethodId,
        [nameof(Instalments)] = Instalments.Count == 0 ? null : JsonSerializer.Serialize(Instalments, Json),
        [nameof(GraceExpiresAt)] = GraceExpiresAt,
        [nameof(ActionToken)] = ActionToken,
        [nameof(WithdrawnAt)] = WithdrawnAt,
        [nameof(CautiousSchedule)] = CautiousSchedule,
    };

    public static EnrolmentRecord FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey[Keys.EnrolmentPrefix.Length..],
        SessionId = e.PartitionKey,
        CourseSlug = e.GetString(nameof(CourseSlug)),
        SessionEnd = e.GetDateTimeOffset(nameof(SessionEnd)) ?? DateTimeOffset.MinValue,
        State = Enum.Parse<EnrolmentState>(e.GetString(nameof(State))),
        CreatedAt = e.GetDateTimeOffset(nameof(CreatedAt)) ?? DateTimeOffset.MinValue,
        HoldExpiresAt = e.GetDateTimeOffset(nameof(HoldExpiresAt)),
        PaymentMethod = Enum.Parse<PaymentMethod>(e.GetString(nameof(PaymentMethod))),
        Payer = JsonSerializer.Deserialize<Payer>(e.GetString(nameof(Payer)), Json)!,
        Trainees = JsonSerializer.Deserialize<List<Trainee>>(e.GetString(nameof(Trainees)), Json)!,
        Seats = (e.GetString(nameof(Seats)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(),
        Lines = JsonSerializer.Deserialize<List<QuoteLine>>(e.GetString(nameof(Lines)), Json)!,
        Days = e.GetInt32(nameof(Days)) ?? 0,
        TotalCents = e.GetInt64(nameof(TotalCents)) ?? 0,
        TokenHash = e.GetString(nameof(TokenHash)),
        AccessibilityNeeds = e.GetString(nameof(AccessibilityNeeds)),
        CheckoutSessionId = e.GetString(nameof(CheckoutSessionId)),
        CheckoutUrl = e.GetString(nameof(CheckoutUrl)),
        PaymentReference = e.GetString(nameof(PaymentReference)),
        PaidAt = e.GetDateTimeOffset(nameof(PaidAt)),
        PaidAmountCents = e.GetInt64(nameof(PaidAmountCents)),
        StaffAttention = e.GetString(nameof(StaffAttention)),
        AnonymisedAt = e.GetDateTimeOffset(nameof(AnonymisedAt)),
        UpdatedAt = e.GetDateTimeOffset(nameof(UpdatedAt)) ?? DateTimeOffset.MinValue,
        ContractAcceptedAt = e.GetDateTimeOffset(nameof(ContractAcceptedAt)),
        ContractSha256 = e.GetString(nameof(ContractSha256)),
        StripeCustomerId = e.GetString(nameof(StripeCustomerId)),
        PaymentMethodId = e.GetString(nameof(PaymentMethodId)),
        Instalments = e.GetString(nameof(Instalments)) is { Length: > 0 } instalments ? JsonSerializer.Deserialize<List<InstalmentEntry>>(instalments, Json)! : [],
        GraceExpiresAt = e.GetDateTimeOffset(nameof(GraceExpiresAt)),
        ActionToken = e.GetString(nameof(ActionToken)),
        WithdrawnAt = e.GetDateTimeOffset(nameof(WithdrawnAt)),
        CautiousSchedule = e.GetBoolean(nameof(CautiousSchedule)) ?? false,
        ETag = e.ETag,
    };
}
