using MimeKit;
using Monalisa.Domain.Notices;
using Monalisa.Functions.Outbox;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Email;

/// <summary>The local host's .eml files: what a mail client opens must be valid MIME, whatever the French text.</summary>
public sealed class EmlFileTests
{
    private const string LongSubject =
        "Inscription enregistrée — Animer une stratégie de coopération MONALISA : équipes citoyennes, bénévoles et élus, Lyon, du 30 mars au 1er avril 2027";

    private static StoredMail Mail(string subject) => new(
        "20261201-081200-000-abc", new DateTimeOffset(2026, 12, 1, 8, 12, 0, TimeSpan.Zero),
        "formations@monalisa.test", "Équipe formation MONALISA", "contact@monalisa.test",
        new EmailMessage("abc", EmailKind.EnrolmentRegistered,
            [new EmailAddress("camille@example.org", "Camille Lefèvre-Héloïse de Saint-Étienne-du-Rouvray")],
            subject, "<p>Bonjour Camille, votre inscription à « la formation » est enregistrée.</p>", "Bonjour Camille,\nvotre inscription est enregistrée.",
            [new EmailAttachment("convocation.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"u8.ToArray())]));

    private static string Written(StoredMail mail)
    {
        using var stream = new MemoryStream();
        FileEmailSender.Mime(mail).WriteTo(FileEmailSender.EmlFormat, stream);
        return System.Text.Encoding.ASCII.GetString(stream.ToArray());
    }

    [Fact]
    public void A_long_french_subject_is_folded_into_header_lines_of_at_most_78_characters()
    {
        var eml = Written(Mail(LongSubject));
        var headers = eml[..eml.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.All(headers.Split("\r\n"), line => Assert.True(line.Length <= 78, $"{line.Length} characters: {line}"));
        Assert.All(eml, c => Assert.True(c < 128, "an .eml prepared for 7-bit transport is ASCII"));
    }

    [Fact]
    public void The_eml_parses_back_with_the_same_subject_addresses_parts_and_outbox_headers()
    {
        var mail = Mail(LongSubject);
        using var stream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(Written(mail)));
        var parsed = MimeMessage.Load(stream);

        Assert.Equal(LongSubject, parsed.Subject);
        var to = Assert.Single(parsed.To.Mailboxes);
        Assert.Equal("Camille Lefèvre-Héloïse de Saint-Étienne-du-Rouvray", to.Name);
        Assert.Equal("camille@example.org", to.Address);
        Assert.Equal("Équipe formation MONALISA", parsed.From.Mailboxes.Single().Name);
        Assert.Equal(mail.Message.Text, parsed.TextBody);
        Assert.Equal(mail.Message.Html, parsed.HtmlBody);
        Assert.Equal("abc", parsed.Headers[FileEmailSender.OutboxIdHeader]);
        Assert.Equal(EmailKind.EnrolmentRegistered, parsed.Headers[FileEmailSender.KindHeader]);
        var attachment = Assert.IsAssignableFrom<MimePart>(Assert.Single(parsed.Attachments));
        Assert.Equal("convocation.ics", attachment.FileName);
        Assert.Equal("text/calendar", attachment.ContentType.MimeType);
    }
}
