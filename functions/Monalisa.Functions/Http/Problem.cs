using Microsoft.AspNetCore.Http;

namespace Monalisa.Functions.Http;

/// <summary>An RFC 9457 problem, in French, with one or more messages per field.</summary>
internal sealed record Problem(int Status, string Type, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    private const string TypeBase = "https://monalisa-asso.fr/problemes/";

    public static Problem Validation(FieldErrors errors) => new(
        StatusCodes.Status400BadRequest, TypeBase + "donnees-invalides", "Certaines informations sont invalides.",
        "Corrigez les champs signalés puis renvoyez le formulaire.", errors.ToDictionary());

    public static Problem Validation(string field, string message) => Validation(new FieldErrors().Add(field, message));

    public static Problem NotFound(string detail) => new(StatusCodes.Status404NotFound, TypeBase + "introuvable", "Ressource introuvable.", detail);

    public static Problem Conflict(string type, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(StatusCodes.Status409Conflict, TypeBase + type, title, detail, errors);

    public static Problem UnsupportedMediaType(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, TypeBase + "format-non-pris-en-charge", "Format de requête non pris en charge.", detail);

    public static Problem TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, TypeBase + "requete-trop-volumineuse", "Requête trop volumineuse.", detail);

    public static Problem Unavailable(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, TypeBase + "service-indisponible", "Service momentanément indisponible.", detail);

    public object ToBody() => Errors is null
        ? new { type = Type, title = Title, status = Status, detail = Detail }
        : new { type = Type, title = Title, status = Status, detail = Detail, errors = Errors };
}

/// <summary>French messages collected per field name, in the order the fields were checked.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        if (!list.Contains(message)) list.Add(message);
        return this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
