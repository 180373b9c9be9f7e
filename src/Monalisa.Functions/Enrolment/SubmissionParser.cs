using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Turns a JSON body or a form into an <see cref="EnrolmentSubmission"/>. Wrong types become field errors, unknown
/// fields (amounts, table keys…) are ignored: nothing the client sends beyond the documented fields is ever read.
/// </summary>
internal static class SubmissionParser
{
    /// <summary>The submission, or null when a field had the wrong type (the reasons are in <see cref="FieldSource.Errors"/>).</summary>
    public static EnrolmentSubmission? Parse(FieldSource read)
    {
        var payer = read.Object("payer");
        var submission = new EnrolmentSubmission
        {
            SessionId = read.Text("sessionId"),
            // A huge list is refused as a whole; no need to read it all.
            Trainees = [.. read.Rows("trainees", FieldLimits.MaxTraineesPerEnrolment).Select(Trainee)],
            Payer = payer is null ? null : new PayerSubmission
            {
                Kind = payer.Text("kind"), Name = payer.Text("name"), Email = payer.Text("email"), Address = payer.Text("address"),
                Siret = payer.Text("siret"), PurchaseOrder = payer.Text("purchaseOrder"),
                Street = payer.Text("street"), PostalCode = payer.Text("postalCode"), City = payer.Text("city"),
                VatNumber = payer.Text("vatNumber"), ServiceCode = payer.Text("serviceCode"), CommitmentNumber = payer.Text("commitmentNumber"),
            },
            PaymentMethod = read.Text("paymentMethod"),
            PrerequisitesConfirmed = read.Bool("prerequisitesConfirmed"),
            Consent = read.Bool("consent"),
            AccessibilityNeeds = read.Text("accessibilityNeeds"),
            // The honeypot and the form token are read by Abuse/FormGate, and are no part of the request: a token
            // renewed on a resend leaves the Idempotency-Key's body the same. A browser's clock (renderedAt) proves nothing.
            WaitingList = read.Bool("waitingList"),
            ContractAccepted = read.Bool("contractAccepted"),
            ContractVersion = read.Text("contractVersion"),
        };
        return read.Errors.Any ? null : submission;
    }

    private static TraineeSubmission Trainee(FieldSource t) => new()
    {
        FirstName = t.Text("firstName"), LastName = t.Text("lastName"), Email = t.Text("email"),
        Phone = t.Text("phone"), Organisation = t.Text("organisation"), JobTitle = t.Text("jobTitle"),
        Category = t.Text("category"),
        VolunteerDeclared = t.Bool("volunteerDeclared"), VolunteerAssociation = t.Text("volunteerAssociation"),
    };
}
