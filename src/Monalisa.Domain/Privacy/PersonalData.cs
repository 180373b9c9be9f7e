using Monalisa.Domain.Enrolment;
using Monalisa.Domain.IntraRequests;
using Monalisa.Domain.Validation;

namespace Monalisa.Domain.Privacy;

/// <summary>What a person is, in one enrolment: the one who asked and pays, one or more of its trainees, or both.</summary>
public sealed record PersonRoles(bool Payer, IReadOnlyList<int> Trainees)
{
    public bool Any => Payer || Trainees.Count > 0;
}

/// <summary>Why some of a person's data stays after an erasure: the codes the export and the page word (templates).</summary>
public static class KeptFor
{
    /// <summary>An invoice or a payment names its payer: accounting documents are kept ten years (Code de commerce, L123-22).</summary>
    public const string Accounting = "comptabilite";
    /// <summary>The organisation and category of a trainee, without their name, feed the yearly statistics (BPF).</summary>
    public const string Statistics = "statistiques";
}

/// <summary>The answer to « erase this person from this enrolment ».</summary>
public abstract record Erasure
{
    /// <param name="Kept">Why what stays is kept (<see cref="KeptFor"/>), empty when nothing of theirs stays.</param>
    public sealed record Erased(EnrolmentRecord After, IReadOnlyList<int> ErasedTrainees, IReadOnlyList<string> Kept) : Erasure;

    /// <summary>The person holds, or waits for, a place in a session to come: staff cancel it first (emails, refund).</summary>
    public sealed record StillEnrolled(EnrolmentState State) : Erasure;

    /// <summary>Nothing of this person is in the enrolment (or it was erased already).</summary>
    public sealed record NotMentioned : Erasure;
}

/// <summary>
/// The right of access and erasure (RGPD, articles 15 and 17), for one email address: where it appears, and what an
/// erasure replaces. Addresses are compared as the enrolment form keeps them (<see cref="EmailNormalisation"/>, case
/// aside). Accounting data stays: an invoice's payer, amounts, payments; a trainee's organisation and category stay
/// without their name, for the yearly statistics.
/// </summary>
public static class PersonalData
{
    public const string Removed = "(effacé)";
    /// <summary>A reserved domain (RFC 2606): an erased address can never receive mail.</summary>
    public const string RemovedDomain = "efface.invalid";

    /// <summary>The address as compared, or null when it cannot be one (hidden characters, no « @ »).</summary>
    public static string? Comparable(string email) =>
        EmailNormalisation.Normalise(email, out _) is { } kept && kept.Contains('@') && kept.Length <= 254 ? kept.ToLowerInvariant() : null;

    public static PersonRoles RolesIn(EnrolmentRecord enrolment, string comparableEmail) => new(
        Same(enrolment.Payer.Email, comparableEmail),
        [.. enrolment.Trainees.Select((t, i) => (t, i)).Where(x => Same(x.t.Email, comparableEmail)).Select(x => x.i)]);

    public static bool Mentions(IntraRequest request, string comparableEmail) => Same(request.Email, comparableEmail);

    /// <summary>
    /// Replaces the person's data in one enrolment, unless they hold or wait for a place in a session that has not
    /// ended (cancel first: the cancellation has its emails and refund). A trainee loses name, email, phone, job and
    /// volunteer association; their organisation and category stay (statistics). The payer loses email and phone, and
    /// the accessibility needs they wrote go; an individual payer keeps name and postal address when money was received
    /// or a document was issued (the invoice names them), and loses them otherwise.
    /// </summary>
    public static Erasure Erase(EnrolmentRecord enrolment, string comparableEmail, DateTimeOffset now)
    {
        var roles = RolesIn(enrolment, comparableEmail);
        if (!roles.Any) return new Erasure.NotMentioned();
        if (enrolment.SessionEnd > now && StillActive(enrolment.State)) return new Erasure.StillEnrolled(enrolment.State);

        var kept = new List<string>();
        var trainees = enrolment.Trainees.Select((t, i) => roles.Trainees.Contains(i)
            ? new Trainee(Removed, Removed, $"efface-{i}@{RemovedDomain}", null, t.Organisation, null, t.Category)
            : t).ToList();
        if (roles.Trainees.Count > 0) kept.Add(KeptFor.Statistics);

        var payer = enrolment.Payer;
        var accessibility = enrolment.AccessibilityNeeds;
        if (roles.Payer)
        {
            var moneyReceived = EnrolmentMoney.Of(enrolment) is { PaidCents: > 0 } or { UnpaidInvoicedCents: > 0 } or { RefundedCents: > 0 };
            // An issued invoice or credit note names the payer and is kept as issued in the ledger: so is whom it names.
            var keepIdentity = payer.Kind == PayerKind.Organisation || moneyReceived || enrolment.Documents.Count > 0;
            payer = payer with
            {
                Email = $"efface-payeur@{RemovedDomain}",
                Name = keepIdentity ? payer.Name : Removed,
                Address = keepIdentity ? payer.Address : null,
                PostalAddress = keepIdentity ? payer.PostalAddress : null,
            };
            accessibility = null;
            if (keepIdentity) kept.Add(KeptFor.Accounting);
        }
        var after = enrolment with
        {
            Payer = payer,
            Trainees = trainees,
            AccessibilityNeeds = accessibility,
            // The keyed hash of the client address is personal data too; it only served the caps of a session now past.
            AddressKey = roles.Payer ? null : enrolment.AddressKey,
            // BPF: the funding class stays (statistics of the year); staff's reason may name the payer, so it goes with them.
            FundingCorrection = roles.Payer && enrolment.FundingCorrection is { } correction ? correction with { Reason = Removed } : enrolment.FundingCorrection,
            UpdatedAt = now,
        };
        return new Erasure.Erased(after, roles.Trainees, kept.Distinct().ToList());
    }

    /// <summary>The intra request with its contact's data replaced (the organisation, a legal person, stays).</summary>
    public static IntraRequest Erase(IntraRequest request) =>
        request with { ContactName = Removed, Email = $"efface@{RemovedDomain}", Phone = null, Message = null, Place = request.Place };

    /// <summary>Places held or asked for, or money still moving: the enrolment is not over for this person.</summary>
    private static bool StillActive(EnrolmentState state) =>
        EnrolmentStateMachine.HoldsSeats(state) || state is EnrolmentState.WaitingList or EnrolmentState.PaidNoSeat or EnrolmentState.RefundPending;

    private static bool Same(string stored, string comparableEmail) => Comparable(stored) == comparableEmail;
}
