using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Email;
using Monalisa.Functions.Enrolment;
using Monalisa.Domain.Notices;

namespace Monalisa.Functions.Tests.Email;

/// <summary>The texts of the emails that the API tests do not reach without Stripe: receipts, paid without a place, amount mismatch.</summary>
public sealed class EmailTemplateTests
{
    private static readonly TestCourse Course = new();

    private static EnrolmentMail Mail(EnrolmentRecord enrolment) => new(
        enrolment, Course.Course, Course.Course.Sessions[0],
        new EmailSettings { FromAddress = "formations@monalisa.test", FromName = "MONALISA", StaffRecipientList = "equipe@monalisa.test", ReplyTo = "contact@monalisa.test" },
        new EnrolmentOptions { SiteOrigin = "https://formations.example.org/" });

    private static EnrolmentRecord Paid(EnrolmentState state, string? attention = null) => new()
    {
        Id = Course.SessionId + "_abcdefghijkmnpqr",
        SessionId = Course.SessionId,
        CourseSlug = Course.Slug,
        SessionEnd = new DateTimeOffset(2027, 3, 17, 0, 0, 0, TimeSpan.Zero),
        State = state,
        CreatedAt = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero),
        PaymentMethod = PaymentMethod.Card,
        Payer = new Payer(PayerKind.Organisation, "CCAS de Lyon", "compta@ccas-lyon.example.org", null, null, null),
        Trainees = [new Trainee("Camille", "Martin", "camille@example.org", null, null, null, TraineeCategory.Professional)],
        Lines = Course.Price(1, 0).Lines,
        Days = 2,
        TotalCents = 50000,
        TokenHash = "x",
        PaymentReference = "pi_3Test123",
        PaidAt = new DateTimeOffset(2026, 12, 1, 8, 12, 0, TimeSpan.Zero),
        PaidAmountCents = 50000,
        StaffAttention = attention,
    };

    [Fact]
    public void A_card_receipt_gives_the_amount_lines_payment_date_method_and_stripe_reference()
    {
        var receipt = EmailTemplates.EnrolmentConfirmed(Mail(Paid(EnrolmentState.Confirmed)));
        Assert.Contains("Montant réglé : 500\u00A0€", receipt.Text);
        Assert.Contains("Date du paiement : 1er décembre 2026 à 9\u00A0h\u00A012", receipt.Text);
        Assert.Contains("Moyen de paiement : Carte bancaire (Stripe)", receipt.Text);
        Assert.Contains("Référence du paiement : pi_3Test123", receipt.Text);
        Assert.Contains("Stagiaire professionnel", receipt.Text);
    }

    [Fact]
    public void Paid_without_a_place_tells_the_payer_and_staff_what_happens_next()
    {
        var mail = Mail(Paid(EnrolmentState.PaidNoSeat));
        Assert.Contains("remboursé en totalité", EmailTemplates.PaidNoSeat(mail).Text);
        Assert.Equal("[Payé sans place] 2027-03 Lyon — CCAS de Lyon — 1 stagiaire — 500\u00A0€", EmailTemplates.Staff(mail, EmailKind.StaffPaidNoSeat).Subject);
    }

    [Fact]
    public void An_amount_mismatch_alert_shows_the_staff_note()
    {
        var mail = Mail(Paid(EnrolmentState.PendingPayment, "Montant payé (100 eur) différent du devis (50000 eur)"));
        var alert = EmailTemplates.Staff(mail, EmailKind.StaffAmountMismatch);
        Assert.StartsWith("[Montant incohérent] 2027-03 Lyon", alert.Subject);
        Assert.Contains("Montant payé (100 eur) différent du devis", alert.Text);
    }

    [Fact]
    public void A_typed_line_break_cannot_add_a_header_to_a_subject()
    {
        var enrolment = Paid(EnrolmentState.Confirmed) with
        {
            Payer = new Payer(PayerKind.Organisation, "CCAS\r\nBcc: pirate@example.org", "compta@example.org", null, null, null),
        };
        var subject = EmailTemplates.Staff(Mail(enrolment), EmailKind.StaffConfirmation).Subject;
        Assert.DoesNotContain('\n', subject);
        Assert.DoesNotContain('\r', subject);
    }
}
