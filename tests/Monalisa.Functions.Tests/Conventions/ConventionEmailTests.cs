using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Email;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Tests.Conventions;

/// <summary>The organisation's emails carry the convention's tokenised link and say what accepting it does.</summary>
public sealed class ConventionEmailTests
{
    private static readonly TestCourse Course = new();

    private static EnrolmentMail Mail(EnrolmentRecord enrolment) => new(
        enrolment, Course.Course, Course.Course.Sessions[0],
        new EmailSettings { FromAddress = "formations@monalisa.test", FromName = "MONALISA", StaffRecipientList = "equipe@monalisa.test", ReplyTo = "contact@monalisa.test" },
        new EnrolmentOptions { SiteOrigin = "https://formations.example.org/" }, ActionToken: "jeton-123");

    private static EnrolmentRecord Enrolment(EnrolmentState state, PaymentMethod method, PayerKind kind = PayerKind.Organisation) => new()
    {
        Id = Course.SessionId + "_abcdefghijkmnpqr",
        SessionId = Course.SessionId,
        CourseSlug = Course.Slug,
        SessionEnd = new DateTimeOffset(2027, 3, 17, 0, 0, 0, TimeSpan.Zero),
        State = state,
        CreatedAt = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero),
        PaymentMethod = method,
        Payer = new Payer(kind, "CCAS de Lyon", "compta@ccas-lyon.example.org", "1 place de la Mairie, 69001 Lyon", null, null),
        Trainees = [new Trainee("Camille", "Martin", "camille@example.org", null, null, null, TraineeCategory.Professional)],
        Lines = Course.Price(1, 0).Lines,
        Days = 2,
        TotalCents = 50000,
        TokenHash = "x",
        ActionTokenSeed = "seed",
    };

    private const string Link = "https://formations.example.org/api/conventions/";

    [Fact]
    public void The_invoice_registration_email_links_the_convention_and_says_accepting_confirms()
    {
        var mail = EmailTemplates.EnrolmentRegistered(Mail(Enrolment(EnrolmentState.AwaitingInvoice, PaymentMethod.Invoice)));
        Assert.Contains(Link + Uri.EscapeDataString(Course.SessionId + "_abcdefghijkmnpqr") + "?token=jeton-123", mail.Text);
        Assert.Contains("l'acceptation confirme l'inscription", mail.Text);
    }

    [Fact]
    public void The_card_confirmation_email_links_the_convention_until_it_is_accepted()
    {
        var confirmed = Enrolment(EnrolmentState.Confirmed, PaymentMethod.Card);
        Assert.Contains(Link, EmailTemplates.EnrolmentConfirmed(Mail(confirmed)).Text);
        var accepted = confirmed with { ConventionAcceptance = new ConventionAcceptance(DateTimeOffset.UnixEpoch, "abc", "Claire Dubois", "Directrice") };
        Assert.DoesNotContain(Link, EmailTemplates.EnrolmentConfirmed(Mail(accepted)).Text);
    }

    [Fact]
    public void A_self_funded_trainee_gets_no_convention_link()
    {
        Assert.DoesNotContain(Link, EmailTemplates.EnrolmentConfirmed(Mail(Enrolment(EnrolmentState.Confirmed, PaymentMethod.Card, PayerKind.Individual))).Text);
    }
}
