using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Monalisa.Functions.Http;

/// <summary>A request body read within limits: JSON or a form, or the problem that stops it.</summary>
internal abstract record Body
{
    public sealed record Json(JsonDocument Document) : Body;
    public sealed record Form(IReadOnlyDictionary<string, string> Fields) : Body;
    public sealed record Rejected(ProblemDetails Problem) : Body;
}

/// <summary>
/// Reads JSON or <c>application/x-www-form-urlencoded</c> bodies of at most 64 KB. Anything else is a 415, a larger
/// body a 413, malformed JSON or a form field sent twice a 400 — never an exception.
/// </summary>
internal static class BodyReader
{
    public const int MaxBytes = 64 * 1024;
    private const int MaxJsonDepth = 16;

    public static bool IsForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    public static bool IsJson(HttpRequest request)
    {
        var type = request.ContentType?.Split(';')[0].Trim();
        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
            || (type?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    public static async Task<Body> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var isForm = IsForm(request);
        if (!isForm && !IsJson(request))
            return new Body.Rejected(Problems.UnsupportedMediaType("Envoyez le formulaire (application/x-www-form-urlencoded) ou du JSON (application/json)."));
        if (request.ContentLength > MaxBytes)
            return TooLarge();

        var bytes = await BoundedBody.ReadAsync(request.Body, MaxBytes, cancellationToken);
        if (bytes is null)
            return TooLarge();

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new Body.Rejected(Problems.Validation("body", "Le contenu envoyé n'est pas du texte UTF-8 valide."));
        }

        if (isForm) return ParseForm(text);
        try
        {
            var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return new Body.Rejected(Problems.Validation("body", "Le JSON envoyé doit être un objet."));
            }
            return new Body.Json(document);
        }
        catch (JsonException)
        {
            return new Body.Rejected(Problems.Validation("body", "Le JSON envoyé est mal formé."));
        }
    }

    private static Body ParseForm(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(text.StartsWith('?') ? text : "?" + text))
            {
                if (value.Count > 1)
                    return new Body.Rejected(Problems.Validation(key.Length > 100 ? "body" : key, "Ce champ est envoyé plusieurs fois."));
                fields[key] = value.ToString();
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return new Body.Rejected(Problems.Validation("body", "Le formulaire envoyé est mal formé."));
        }
        return new Body.Form(fields);
    }

    private static Body.Rejected TooLarge() =>
        new(Problems.TooLarge($"Le contenu envoyé dépasse {MaxBytes / 1024} Ko."));
}
