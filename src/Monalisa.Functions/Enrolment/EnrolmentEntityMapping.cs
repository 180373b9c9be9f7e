using System.Text.Json;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// How an <see cref="EnrolmentRecord"/> is stored in the Enrolments table: one entity per enrolment in its session's
/// partition. Column names and formats are those of every stored record: change them only with a migration.
/// </summary>
internal static class EnrolmentEntityMapping
{
    public static string RowKey(string enrolmentId) => Keys.EnrolmentPrefix + enrolmentId;

    public static string RowKey(EnrolmentRecord enrolment) => RowKey(enrolment.Id);

    // Enums as names, so stored records stay readable and survive a reordering of the enum.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static TableEntity ToEntity(EnrolmentRecord e) => new(e.SessionId, RowKey(e.Id))
    {
        [nameof(EnrolmentRecord.State)] = e.State.ToString(),
        [nameof(EnrolmentRecord.CourseSlug)] = e.CourseSlug,
        [nameof(EnrolmentRecord.SessionEnd)] = e.SessionEnd,
        [nameof(EnrolmentRecord.CreatedAt)] = e.CreatedAt,
        [nameof(EnrolmentRecord.HoldExpiresAt)] = e.HoldExpiresAt,
        [nameof(EnrolmentRecord.PaymentMethod)] = e.PaymentMethod.ToString(),
        [nameof(EnrolmentRecord.Payer)] = JsonSerializer.Serialize(e.Payer, Json),
        [nameof(EnrolmentRecord.Trainees)] = JsonSerializer.Serialize(e.Trainees, Json),
        [nameof(EnrolmentRecord.Seats)] = string.Join(',', e.Seats),
        [nameof(EnrolmentRecord.Lines)] = JsonSerializer.Serialize(e.Lines, Json),
        [nameof(EnrolmentRecord.Days)] = e.Days,
        [nameof(EnrolmentRecord.TotalCents)] = e.TotalCents,
        [nameof(EnrolmentRecord.TokenHash)] = e.TokenHash,
        [nameof(EnrolmentRecord.AccessibilityNeeds)] = e.AccessibilityNeeds,
        [nameof(EnrolmentRecord.CheckoutSessionId)] = e.CheckoutSessionId,
        [nameof(EnrolmentRecord.CheckoutUrl)] = e.CheckoutUrl,
        [nameof(EnrolmentRecord.PaymentReference)] = e.PaymentReference,
        [nameof(EnrolmentRecord.PaidAt)] = e.PaidAt,
        [nameof(EnrolmentRecord.PaidAmountCents)] = e.PaidAmountCents,
        [nameof(EnrolmentRecord.StaffAttention)] = e.StaffAttention,
        [nameof(EnrolmentRecord.AnonymisedAt)] = e.AnonymisedAt,
        [nameof(EnrolmentRecord.UpdatedAt)] = e.UpdatedAt,
        // Not data, but a convenient trainee count for the staff export and the expiry query.
        ["TraineeCount"] = e.Trainees.Count,
        [nameof(EnrolmentRecord.ContractAcceptedAt)] = e.ContractAcceptedAt,
        [nameof(EnrolmentRecord.ContractSha256)] = e.ContractSha256,
        [nameof(EnrolmentRecord.StripeCustomerId)] = e.StripeCustomerId,
        [nameof(EnrolmentRecord.PaymentMethodId)] = e.PaymentMethodId,
        [nameof(EnrolmentRecord.Instalments)] = e.Instalments.Count == 0 ? null : JsonSerializer.Serialize(e.Instalments, Json),
        [nameof(EnrolmentRecord.GraceExpiresAt)] = e.GraceExpiresAt,
        [nameof(EnrolmentRecord.ActionTokenSeed)] = e.ActionTokenSeed,
        [nameof(EnrolmentRecord.WithdrawnAt)] = e.WithdrawnAt,
        [nameof(EnrolmentRecord.CautiousSchedule)] = e.CautiousSchedule,
        [nameof(EnrolmentRecord.AddressKey)] = e.AddressKey,
        [nameof(EnrolmentRecord.Payments)] = e.Payments.Count == 0 ? null : JsonSerializer.Serialize(e.Payments, Json),
        [nameof(EnrolmentRecord.RefundEntries)] = e.RefundEntries.Count == 0 ? null : JsonSerializer.Serialize(e.RefundEntries, Json),
        [nameof(EnrolmentRecord.WaivedCents)] = e.WaivedCents == 0 ? null : e.WaivedCents,
        [nameof(EnrolmentRecord.Cancellation)] = e.Cancellation is null ? null : JsonSerializer.Serialize(e.Cancellation, Json),
        [nameof(EnrolmentRecord.CancelledTrainees)] = e.CancelledTrainees.Count == 0 ? null : JsonSerializer.Serialize(e.CancelledTrainees, Json),
        [nameof(EnrolmentRecord.ReplacedTrainees)] = e.ReplacedTrainees.Count == 0 ? null : JsonSerializer.Serialize(e.ReplacedTrainees, Json),
        [nameof(EnrolmentRecord.Documents)] = e.Documents.Count == 0 ? null : JsonSerializer.Serialize(e.Documents, Json),
        [nameof(EnrolmentRecord.ConventionAcceptance)] = e.ConventionAcceptance is null ? null : JsonSerializer.Serialize(e.ConventionAcceptance, Json),
        [nameof(EnrolmentRecord.FundingCorrection)] = e.FundingCorrection is null ? null : JsonSerializer.Serialize(e.FundingCorrection, Json),
    };

    public static EnrolmentRecord FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey[Keys.EnrolmentPrefix.Length..],
        SessionId = e.PartitionKey,
        CourseSlug = e.GetString(nameof(EnrolmentRecord.CourseSlug)),
        SessionEnd = e.GetDateTimeOffset(nameof(EnrolmentRecord.SessionEnd)) ?? DateTimeOffset.MinValue,
        State = Enum.Parse<EnrolmentState>(e.GetString(nameof(EnrolmentRecord.State))),
        CreatedAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.CreatedAt)) ?? DateTimeOffset.MinValue,
        HoldExpiresAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.HoldExpiresAt)),
        PaymentMethod = Enum.Parse<PaymentMethod>(e.GetString(nameof(EnrolmentRecord.PaymentMethod))),
        Payer = JsonSerializer.Deserialize<Payer>(e.GetString(nameof(EnrolmentRecord.Payer)), Json)!,
        Trainees = JsonSerializer.Deserialize<List<Trainee>>(e.GetString(nameof(EnrolmentRecord.Trainees)), Json)!,
        Seats = (e.GetString(nameof(EnrolmentRecord.Seats)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(),
        Lines = JsonSerializer.Deserialize<List<QuoteLine>>(e.GetString(nameof(EnrolmentRecord.Lines)), Json)!,
        Days = e.GetInt32(nameof(EnrolmentRecord.Days)) ?? 0,
        TotalCents = e.GetInt64(nameof(EnrolmentRecord.TotalCents)) ?? 0,
        TokenHash = e.GetString(nameof(EnrolmentRecord.TokenHash)),
        AccessibilityNeeds = e.GetString(nameof(EnrolmentRecord.AccessibilityNeeds)),
        CheckoutSessionId = e.GetString(nameof(EnrolmentRecord.CheckoutSessionId)),
        CheckoutUrl = e.GetString(nameof(EnrolmentRecord.CheckoutUrl)),
        PaymentReference = e.GetString(nameof(EnrolmentRecord.PaymentReference)),
        PaidAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.PaidAt)),
        PaidAmountCents = e.GetInt64(nameof(EnrolmentRecord.PaidAmountCents)),
        StaffAttention = e.GetString(nameof(EnrolmentRecord.StaffAttention)),
        AnonymisedAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.AnonymisedAt)),
        UpdatedAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.UpdatedAt)) ?? DateTimeOffset.MinValue,
        ContractAcceptedAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.ContractAcceptedAt)),
        ContractSha256 = e.GetString(nameof(EnrolmentRecord.ContractSha256)),
        StripeCustomerId = e.GetString(nameof(EnrolmentRecord.StripeCustomerId)),
        PaymentMethodId = e.GetString(nameof(EnrolmentRecord.PaymentMethodId)),
        Instalments = e.GetString(nameof(EnrolmentRecord.Instalments)) is { Length: > 0 } instalments ? JsonSerializer.Deserialize<List<InstalmentEntry>>(instalments, Json)! : [],
        GraceExpiresAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.GraceExpiresAt)),
        ActionTokenSeed = e.GetString(nameof(EnrolmentRecord.ActionTokenSeed)),
        WithdrawnAt = e.GetDateTimeOffset(nameof(EnrolmentRecord.WithdrawnAt)),
        CautiousSchedule = e.GetBoolean(nameof(EnrolmentRecord.CautiousSchedule)) ?? false,
        AddressKey = e.GetString(nameof(EnrolmentRecord.AddressKey)),
        Payments = Column<List<RecordedPayment>>(e, nameof(EnrolmentRecord.Payments)) ?? [],
        RefundEntries = Column<List<RefundEntry>>(e, nameof(EnrolmentRecord.RefundEntries)) ?? [],
        WaivedCents = e.GetInt64(nameof(EnrolmentRecord.WaivedCents)) ?? 0,
        Cancellation = Column<CancellationEntry>(e, nameof(EnrolmentRecord.Cancellation)),
        CancelledTrainees = Column<List<CancelledTrainee>>(e, nameof(EnrolmentRecord.CancelledTrainees)) ?? [],
        ReplacedTrainees = Column<List<ReplacedTrainee>>(e, nameof(EnrolmentRecord.ReplacedTrainees)) ?? [],
        Documents = Column<List<Monalisa.Domain.Invoicing.IssuedDocument>>(e, nameof(EnrolmentRecord.Documents)) ?? [],
        ConventionAcceptance = Column<Monalisa.Domain.Conventions.ConventionAcceptance>(e, nameof(EnrolmentRecord.ConventionAcceptance)),
        FundingCorrection = Column<FundingClassCorrection>(e, nameof(EnrolmentRecord.FundingCorrection)),
    };

    /// <summary>A JSON column, or null when the record predates it.</summary>
    private static T? Column<T>(TableEntity e, string name) where T : class =>
        e.GetString(name) is { Length: > 0 } json ? JsonSerializer.Deserialize<T>(json, Json) : null;
}
