using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Functions.Idempotency;

namespace Monalisa.Functions.Http;

/// <summary>The <c>Idempotency-Key</c> header, or the plain form's hidden <c>idempotencyKey</c> field, checked once for every POST that takes one.</summary>
internal sealed record IdempotencyKey(string? Value, ProblemDetails? Problem)
{
    public const string Header = "Idempotency-Key";
    public const string FormField = "idempotencyKey";

    public static IdempotencyKey Read(HttpRequest request, FieldSource fields)
    {
        var key = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) && BodyReader.IsForm(request)) key = fields.Text(FormField);
        if (string.IsNullOrEmpty(key)) return new(null, null);
        if (key.Length > IdempotencyStore.MaxKeyLength || key.Any(char.IsControl))
            return new(null, Problems.Validation(Header, "La clé d'idempotence doit faire au plus 200 caractères imprimables."));
        return new(key, null);
    }
}
