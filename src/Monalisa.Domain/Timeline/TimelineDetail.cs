using System.Globalization;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Timeline;

/// <summary>
/// What the timeline keeps of a command besides its name: the figures and references staff need to read an act back
/// (an amount, a reference, a number of days). Values only: the words are the console's templates'.
/// </summary>
public static class TimelineDetail
{
    public static IReadOnlyDictionary<string, string> Of(EnrolmentCommand command) => command switch
    {
        EnrolmentCommand.PaymentReported paid => Values(("amountCents", Number(paid.AmountCents)), ("currency", paid.Currency ?? ""), ("reference", paid.Reference)),
        EnrolmentCommand.HoldExtended extended => Values(("days", Number(extended.Days))),
        EnrolmentCommand.PurchaseOrderRecorded order => Values(("reference", order.Reference)),
        EnrolmentCommand.InstalmentPaid paid => Values(("number", Number(paid.Number)), ("amountCents", Number(paid.AmountCents))),
        EnrolmentCommand.InstalmentFailed failed => Values(("number", Number(failed.Number)), ("code", failed.Code)),
        EnrolmentCommand.RecoveryCheckoutOpened opened => Values(("number", Number(opened.Number))),
        EnrolmentCommand.PaymentRecorded recorded => Values(("amountCents", Number(recorded.Payment.AmountCents)),
            ("receivedOn", recorded.Payment.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("method", recorded.Payment.Method), ("reference", recorded.Payment.Reference)),
        EnrolmentCommand.CancelledWithTerms cancelled => Values(("reason", cancelled.Reason == CancellationReason.Organisme ? "organisme" : "payer"),
            ("scope", cancelled.TraineeEmail is null ? "enrolment" : "trainee")),
        EnrolmentCommand.VolunteerDecided decided => Values(("decision", decided.Confirmed ? "confirm" : "refuse")),
        // No names nor addresses: the timeline says that a trainee was replaced; the record says by whom.
        EnrolmentCommand.TraineeReplaced => Values(("scope", "trainee")),
        EnrolmentCommand.DocumentIssued issued => Values(("number", issued.Document.Number), ("kind", issued.Document.Kind == Invoicing.DocumentKind.Invoice ? "invoice" : "credit-note"),
            ("amountCents", Number(issued.Document.GrossCents))),
        // The hash names the text accepted; the signatory's name stays on the record (personal data).
        EnrolmentCommand.ConventionAccepted accepted => Values(("sha256", accepted.Acceptance.Sha256)),
        // The reason is staff's own words about the funding, kept for the accountant who reads the BPF back.
        EnrolmentCommand.FundingClassCorrected corrected => Values(("class", corrected.Class.ToString()), ("reason", corrected.Reason.Trim())),
        _ => Values(),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Values(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
}
