using System.Text;
using MimeKit;
using System.Text.Json;
using System.Text.RegularExpressions;
using Monalisa.Functions.Email;
using Monalisa.Functions.Outbox;

namespace Monalisa.LocalHost;

/// <summary>
/// Stands in for SendGrid when no key is configured: each email becomes an .eml file (open it in any mail client)
/// under <c>{LocalHost:DataFolder}/outbox/</c>, with a .json twin that <c>/_dev/mail</c> reads to show it.
/// </summary>
internal sealed partial class FileEmailSender(IConfiguration configuration, EmailSettings settings, TimeProvider clock) : IEmailSender
{
    public string Folder { get; } = Path.Combine(configuration["LocalHost:DataFolder"]!, "outbox");

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var now = clock.GetUtcNow();
        var name = $"{now:yyyyMMdd-HHmmss-fff}-{SafeName().Replace(message.OutboxId, "")}";
        var stored = new StoredMail(name, now, settings.FromAddress, settings.FromName, settings.ReplyTo, message);
        await Mime(stored).WriteToAsync(EmlFormat, Path.Combine(Folder, name + ".eml"), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Folder, name + ".json"), JsonSerializer.Serialize(stored, LocalMailFiles.Json), cancellationToken);
        return new SendResult.Accepted("local-" + name);
    }

    /// <summary>
    /// The email as a mail client receives it: multipart/mixed { multipart/alternative { text, html }, attachments }.
    /// Prepared for 7-bit transport, so headers are folded RFC 2047 encoded-words and bodies are ASCII.
    /// </summary>
    public static MimeMessage Mime(StoredMail mail)
    {
        var m = mail.Message;
        var message = new MimeMessage { Subject = m.Subject, Date = mail.WrittenAt, MessageId = $"{mail.Name}@monalisa.local" };
        message.From.Add(new MailboxAddress(mail.FromName, mail.FromAddress));
        message.To.AddRange(m.To.Select(t => new MailboxAddress(t.Name ?? "", t.Address)));
        if (mail.ReplyTo is { } replyTo && MailboxAddress.TryParse(replyTo, out var replyAddress)) message.ReplyTo.Add(replyAddress);
        message.Headers.Add(OutboxIdHeader, m.OutboxId);
        message.Headers.Add(KindHeader, m.Kind);
        var body = new BodyBuilder { TextBody = m.Text, HtmlBody = m.Html };
        foreach (var attachment in m.Attachments)
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        message.Body = body.ToMessageBody();
        // MimeKit encodes a header when it is set, with its default 78-character limit, and can then leave an
        // encoded-word line over it; RFC 2047 wants lines with encoded-words of at most 76: encode them again so.
        foreach (var header in message.Headers) header.SetValue(EmlFormat, Encoding.UTF8, header.Value);
        message.Prepare(EncodingConstraint.SevenBit, EmlFormat.MaxLineLength);
        return message;
    }

    /// <summary>CRLF line ends, as on the wire (not the host's "\n"); lines of at most 76 characters, RFC 2047's limit.</summary>
    public static readonly FormatOptions EmlFormat = new() { NewLineFormat = NewLineFormat.Dos, MaxLineLength = 76 };

    public const string OutboxIdHeader = "X-Monalisa-Outbox-Id";
    public const string KindHeader = "X-Monalisa-Kind";

    [GeneratedRegex("[^0-9A-Za-z-]")]
    private static partial Regex SafeName();
}

/// <summary>What the local outbox keeps about one email, for the /_dev/mail pages.</summary>
internal sealed record StoredMail(string Name, DateTimeOffset WrittenAt, string FromAddress, string FromName, string? ReplyTo, EmailMessage Message);

internal static partial class LocalMailFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Folder(IConfiguration configuration) => Path.Combine(configuration["LocalHost:DataFolder"]!, "outbox");

    /// <summary>Newest first.</summary>
    public static List<StoredMail> All(IConfiguration configuration)
    {
        var folder = Folder(configuration);
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.EnumerateFiles(folder, "*.json")
            .Select(f => Read(f))
            .OfType<StoredMail>()
            .OrderByDescending(m => m.WrittenAt).ThenByDescending(m => m.Name, StringComparer.Ordinal)];
    }

    public static StoredMail? Find(IConfiguration configuration, string name) =>
        ValidName().IsMatch(name) ? Read(Path.Combine(Folder(configuration), name + ".json")) : null;

    private static StoredMail? Read(string path)
    {
        try { return File.Exists(path) ? JsonSerializer.Deserialize<StoredMail>(File.ReadAllText(path), Json) : null; }
        catch (JsonException) { return null; }
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,120}$")]
    public static partial Regex ValidName();
}

/// <summary><c>/_dev/mail</c>: the emails the local host « sent », newest first, each readable (HTML, text, attachments).</summary>
internal static class LocalMailPages
{
    public static IEndpointRouteBuilder MapLocalMail(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_dev/mail", MailList);
        endpoints.MapGet("/_dev/mail/{name}", MailPage);
        endpoints.MapGet("/_dev/mail/{name}/html", MailHtml);
        endpoints.MapGet("/_dev/mail/{name}/eml", MailEml);
        endpoints.MapGet("/_dev/mail/{name}/attachments/{index:int}", MailAttachment);
        return endpoints;
    }

    private static IResult MailList(IConfiguration configuration) =>
        Results.Content(LocalPages.Renderer.Render("mail-list", "E-mails envoyés (local)", new Dictionary<string, object?>
        {
            ["folder"] = LocalMailFiles.Folder(configuration),
            ["mails"] = LocalMailFiles.All(configuration).Select(m => new
            {
                m.Name,
                WrittenAt = Local(m.WrittenAt),
                To = string.Join(", ", m.Message.To.Select(t => t.Address)),
                m.Message.Subject,
                m.Message.Kind,
            }).ToList(),
        }), "text/html; charset=utf-8");

    private static IResult MailPage(string name, IConfiguration configuration, HttpContext context)
    {
        if (LocalMailFiles.Find(configuration, name) is not { } mail) return Results.NotFound();
        // The site's policy (set on every /_dev page) forbids frames: this page frames the email's own HTML, same origin.
        if (context.Response.Headers.ContentSecurityPolicy.ToString() is { Length: > 0 } policy)
            context.Response.Headers.ContentSecurityPolicy = policy + "; frame-src 'self'";
        var m = mail.Message;
        return Results.Content(LocalPages.Renderer.Render("mail", m.Subject, new Dictionary<string, object?>
        {
            ["name"] = name,
            ["from"] = $"{mail.FromName} <{mail.FromAddress}>",
            ["to"] = string.Join(", ", m.To.Select(t => t.Name is null ? t.Address : $"{t.Name} <{t.Address}>")),
            ["reply_to"] = mail.ReplyTo,
            ["written_at"] = Local(mail.WrittenAt),
            ["kind"] = m.Kind,
            ["outbox_id"] = m.OutboxId,
            ["attachments"] = m.Attachments,
            ["text"] = m.Text,
        }), "text/html; charset=utf-8");
    }

    private static IResult MailHtml(string name, IConfiguration configuration, HttpContext context)
    {
        if (LocalMailFiles.Find(configuration, name) is not { } mail) return Results.NotFound();
        // The email's own HTML, as a mail client shows it: sandboxed, no script runs even if opened directly.
        context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
        // Framed by its own /_dev/mail page: the site's « DENY » (set on every /_dev page) would blank it.
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        return Results.Content(mail.Message.Html, "text/html; charset=utf-8");
    }

    private static IResult MailEml(string name, IConfiguration configuration) =>
        LocalMailFiles.Find(configuration, name) is { } mail
            ? Results.File(File.ReadAllBytes(Path.Combine(LocalMailFiles.Folder(configuration), mail.Name + ".eml")), "message/rfc822", mail.Name + ".eml")
            : Results.NotFound();

    private static IResult MailAttachment(string name, int index, IConfiguration configuration)
    {
        if (LocalMailFiles.Find(configuration, name) is not { } mail || index < 0 || index >= mail.Message.Attachments.Count) return Results.NotFound();
        var attachment = mail.Message.Attachments[index];
        return Results.File(attachment.Content, attachment.ContentType, attachment.FileName);
    }

    private static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Monalisa.Domain.Catalogue.ParisTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
