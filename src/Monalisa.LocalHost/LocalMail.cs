using System.Net;
using System.Text;
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
        // Headers and bodies are ASCII already (encoded-words, base64); UTF-8 only matters for an unusual address.
        await File.WriteAllTextAsync(Path.Combine(Folder, name + ".eml"), Eml(stored), new UTF8Encoding(false), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Folder, name + ".json"), JsonSerializer.Serialize(stored, LocalMailFiles.Json), cancellationToken);
        return new SendResult.Accepted("local-" + name);
    }

    /// <summary>A MIME message: multipart/mixed { multipart/alternative { text, html }, attachments }, bodies in base64.</summary>
    public static string Eml(StoredMail mail)
    {
        var m = mail.Message;
        var boundary = "monalisa-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(mail.Name)))[..16];
        var eml = new StringBuilder();
        void Header(string name, string value) => eml.Append(name).Append(": ").Append(value).Append("\r\n");
        Header("From", Address(mail.FromAddress, mail.FromName));
        Header("To", string.Join(", ", m.To.Select(t => Address(t.Address, t.Name))));
        if (mail.ReplyTo is { } replyTo) Header("Reply-To", replyTo);
        Header("Subject", Encoded(m.Subject));
        Header("Date", mail.WrittenAt.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
        Header("Message-ID", $"<{mail.Name}@monalisa.local>");
        Header("MIME-Version", "1.0");
        Header("X-Monalisa-Outbox-Id", m.OutboxId);
        Header("X-Monalisa-Kind", m.Kind);
        Header("Content-Type", $"multipart/mixed; boundary=\"{boundary}-mixed\"");
        eml.Append("\r\n");
        eml.Append($"--{boundary}-mixed\r\nContent-Type: multipart/alternative; boundary=\"{boundary}-alt\"\r\n\r\n");
        Part(eml, $"{boundary}-alt", "text/plain; charset=utf-8", null, Encoding.UTF8.GetBytes(m.Text));
        Part(eml, $"{boundary}-alt", "text/html; charset=utf-8", null, Encoding.UTF8.GetBytes(m.Html));
        eml.Append($"--{boundary}-alt--\r\n");
        foreach (var a in m.Attachments)
            Part(eml, $"{boundary}-mixed", $"{a.ContentType}; name=\"{a.FileName}\"", $"attachment; filename=\"{a.FileName}\"", a.Content);
        eml.Append($"--{boundary}-mixed--\r\n");
        return eml.ToString();
    }

    private static void Part(StringBuilder eml, string boundary, string contentType, string? disposition, byte[] content)
    {
        eml.Append($"--{boundary}\r\nContent-Type: {contentType}\r\nContent-Transfer-Encoding: base64\r\n");
        if (disposition is not null) eml.Append($"Content-Disposition: {disposition}\r\n");
        eml.Append("\r\n").Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
    }

    private static string Address(string address, string? name) => string.IsNullOrEmpty(name) ? $"<{address}>" : $"{Encoded(name)} <{address}>";

    /// <summary>RFC 2047: non-ASCII (and any typed) text in headers as a UTF-8 encoded-word.</summary>
    private static string Encoded(string text) => $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";

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
        endpoints.MapGet("/_dev/mail", (IConfiguration configuration) =>
        {
            var mails = LocalMailFiles.All(configuration);
            var html = new StringBuilder(Top("E-mails envoyés (local)"));
            html.Append("<h1>E-mails envoyés (local)</h1><p>Sans clé SendGrid, les e-mails sont écrits dans <code>")
                .Append(E(LocalMailFiles.Folder(configuration))).Append("</code>. Les plus récents d'abord.</p>");
            if (mails.Count == 0) html.Append("<p>Aucun e-mail pour l'instant.</p>");
            else
            {
                html.Append("<table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Destinataires</th><th scope=\"col\">Objet</th><th scope=\"col\">Type</th></tr></thead><tbody>");
                foreach (var m in mails)
                {
                    html.Append("<tr><td>").Append(E(Local(m.WrittenAt))).Append("</td><td>")
                        .Append(E(string.Join(", ", m.Message.To.Select(t => t.Address)))).Append("</td><td><a href=\"/_dev/mail/")
                        .Append(E(m.Name)).Append("\">").Append(E(m.Message.Subject)).Append("</a></td><td>").Append(E(m.Message.Kind)).Append("</td></tr>");
                }
                html.Append("</tbody></table>");
            }
            return Results.Content(html.Append("</main></body></html>").ToString(), "text/html; charset=utf-8");
        });

        endpoints.MapGet("/_dev/mail/{name}", (string name, IConfiguration configuration) =>
        {
            if (LocalMailFiles.Find(configuration, name) is not { } mail) return Results.NotFound();
            var m = mail.Message;
            var html = new StringBuilder(Top(m.Subject));
            html.Append("<p><a href=\"/_dev/mail\">← Tous les e-mails</a></p><h1>").Append(E(m.Subject)).Append("</h1><dl>")
                .Append("<dt>De</dt><dd>").Append(E($"{mail.FromName} <{mail.FromAddress}>")).Append("</dd>")
                .Append("<dt>À</dt><dd>").Append(E(string.Join(", ", m.To.Select(t => t.Name is null ? t.Address : $"{t.Name} <{t.Address}>")))).Append("</dd>");
            if (mail.ReplyTo is not null) html.Append("<dt>Répondre à</dt><dd>").Append(E(mail.ReplyTo)).Append("</dd>");
            html.Append("<dt>Date</dt><dd>").Append(E(Local(mail.WrittenAt))).Append("</dd>")
                .Append("<dt>Type</dt><dd>").Append(E(m.Kind)).Append("</dd>")
                .Append("<dt>Outbox</dt><dd><code>").Append(E(m.OutboxId)).Append("</code></dd></dl>");
            html.Append("<p><a href=\"/_dev/mail/").Append(E(name)).Append("/eml\">Télécharger le fichier .eml</a></p>");
            if (m.Attachments.Count > 0)
            {
                html.Append("<h2>Pièces jointes</h2><ul>");
                for (var i = 0; i < m.Attachments.Count; i++)
                    html.Append("<li><a href=\"/_dev/mail/").Append(E(name)).Append("/attachments/").Append(i).Append("\">")
                        .Append(E(m.Attachments[i].FileName)).Append("</a></li>");
                html.Append("</ul>");
            }
            html.Append("<h2>Version HTML</h2><iframe sandbox title=\"Version HTML de l'e-mail\" src=\"/_dev/mail/").Append(E(name)).Append("/html\"></iframe>")
                .Append("<h2>Version texte</h2><pre>").Append(E(m.Text)).Append("</pre>");
            return Results.Content(html.Append("</main></body></html>").ToString(), "text/html; charset=utf-8");
        });

        endpoints.MapGet("/_dev/mail/{name}/html", (string name, IConfiguration configuration, HttpContext context) =>
        {
            if (LocalMailFiles.Find(configuration, name) is not { } mail) return Results.NotFound();
            // The email's own HTML, as a mail client shows it: sandboxed, no script runs even if opened directly.
            context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
            return Results.Content(mail.Message.Html, "text/html; charset=utf-8");
        });

        endpoints.MapGet("/_dev/mail/{name}/eml", (string name, IConfiguration configuration) =>
            LocalMailFiles.Find(configuration, name) is { } mail
                ? Results.File(File.ReadAllBytes(Path.Combine(LocalMailFiles.Folder(configuration), mail.Name + ".eml")), "message/rfc822", mail.Name + ".eml")
                : Results.NotFound());

        endpoints.MapGet("/_dev/mail/{name}/attachments/{index:int}", (string name, int index, IConfiguration configuration) =>
        {
            if (LocalMailFiles.Find(configuration, name) is not { } mail || index < 0 || index >= mail.Message.Attachments.Count) return Results.NotFound();
            var attachment = mail.Message.Attachments[index];
            return Results.File(attachment.Content, attachment.ContentType, attachment.FileName);
        });
        return endpoints;
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    private static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static string Top(string title) => $"""
        <!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} — MONALISA (local)</title>
        <style>body{"{"}font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a{"}"}
        table{"{"}width:100%;border-collapse:collapse{"}"}td,th{"{"}padding:.4rem;border-bottom:1px solid #ccc;text-align:left;vertical-align:top{"}"}
        dt{"{"}font-weight:600{"}"}dd{"{"}margin:0 0 .4rem{"}"}iframe{"{"}width:100%;height:40rem;border:1px solid #ccc{"}"}
        pre{"{"}white-space:pre-wrap;background:#f6f6f6;padding:1rem{"}"}a{"{"}color:#0b4f8a{"}"}:focus-visible{"{"}outline:3px solid #d4351c{"}"}</style></head>
        <body><main>
        """;
}
