using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests;

/// <summary>Builds enrolment records for the decision tests: one professional trainee, 500 € quoted, by default.</summary>
internal sealed class EnrolmentBuilder
{
    public static readonly DateTimeOffset Now = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private EnrolmentState _state = EnrolmentState.PendingPayment;
    private long _totalCents = 50_000;
    private bool _selfFunded;
    private List<Trainee> _trainees = [Trainee("ana@example.org")];
    private string _payerEmail = "payer@example.org";
    private List<InstalmentEntry> _instalments = [];
    private List<int> _seats = [1];
    private string? _paymentMethodId;
    private DateTimeOffset? _holdExpiresAt;

    public static Trainee Trainee(string email) => new("Ana", "Martin", email, null, null, null, TraineeCategory.Professional);

    public EnrolmentBuilder In(EnrolmentState state) { _state = state; return this; }
    public EnrolmentBuilder Quoted(long cents) { _totalCents = cents; return this; }
    public EnrolmentBuilder WithoutSeats() { _seats = []; return this; }
    public EnrolmentBuilder PaidBy(string email) { _payerEmail = email; return this; }
    public EnrolmentBuilder WithTrainees(params string[] emails) { _trainees = [.. emails.Select(Trainee)]; return this; }
    public EnrolmentBuilder WithSavedCard() { _paymentMethodId = "pm_1"; return this; }
    public EnrolmentBuilder HeldUntil(DateTimeOffset until) { _holdExpiresAt = until; return this; }
    public EnrolmentBuilder WithInstalment(InstalmentEntry entry) { _instalments = [.. _instalments.Select(i => i.Number == entry.Number ? entry : i)]; return this; }

    /// <summary>An individual paying by card, signed on <see cref="Now"/>, with a 30 % then 70 % schedule.</summary>
    public EnrolmentBuilder SelfFunded(params bool[] paid)
    {
        _selfFunded = true;
        _instalments = [.. paid.Select((p, i) => new InstalmentEntry(i + 1, i == 0 ? 15_000 : 35_000, new DateOnly(2027, 1, 21 + i))
            { PaidAt = p ? Now.AddDays(-1) : null })];
        return this;
    }

    public EnrolmentRecord Build() => new()
    {
        Id = "s-2027-03_abcdefghijkmnpqr",
        SessionId = "s-2027-03",
        CourseSlug = "cours-de-test",
        SessionEnd = new DateTimeOffset(2027, 3, 17, 0, 0, 0, TimeSpan.Zero),
        State = _state,
        CreatedAt = Now.AddMinutes(-10),
        PaymentMethod = _selfFunded ? PaymentMethod.Card : PaymentMethod.Card,
        Payer = new Payer(_selfFunded ? PayerKind.Individual : PayerKind.Organisation, "Payeur", _payerEmail, null, null, null),
        Trainees = _trainees,
        Seats = _seats,
        Lines = [new QuoteLine("professional", "Professionnel", _trainees.Count, 250m, Money.FromCents(_totalCents), 2)],
        Days = 2,
        TotalCents = _totalCents,
        TokenHash = "hash",
        ContractAcceptedAt = _selfFunded ? Now : null,
        PaymentMethodId = _paymentMethodId,
        HoldExpiresAt = _holdExpiresAt,
        Instalments = _instalments,
        // The checkout opened for it, whose events the payment tests report.
        CheckoutSessionId = "cs_1",
    };
}
