using Microsoft.AspNetCore.Http;
using Monalisa.Domain.Validation;

namespace Monalisa.Functions.Http;

/// <summary>An RFC 9457 problem, in French, with one or more messages per field.</summary>
internal sealed record Problem(
    int Status, string Type, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyDictionary<string, object>? Extensions = null)
{
    private const string TypeBase = "https://monalisa-asso.fr/problemes/";

    public static Problem Validation(FieldErrors errors) => new(
        StatusCodes.Status400BadRequest, TypeBase + "donnees-invalides", "Certaines informations sont invalides.",
        "Corrigez les champs signalés puis renvoyez le formulaire.", errors.ToDictionary());

    public static Problem Validation(string field, string message) => Validation(new FieldErrors().Add(field, message));

    public static Problem NotFound(string detail) => new(StatusCodes.Status404NotFound, TypeBase + "introuvable", "Ressource introuvable.", detail);

    public static Problem Conflict(string type, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null,
        IReadOnlyDictionary<string, object>? extensions = null) =>
        new(StatusCodes.Status409Conflict, TypeBase + type, title, detail, errors, extensions);

    public static Problem Unprocessable(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, TypeBase + "cle-idempotence-reutilisee", "Demande déjà reçue avec d'autres données.", detail);

    public static Problem PaymentUnavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, TypeBase + "paiement-indisponible", "Le service de paiement ne répond pas.",
            "Aucune place n'a été retenue et rien n'a été débité. Réessayez dans quelques minutes, ou choisissez le paiement sur facture.");

    public static Problem UnsupportedMediaType(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, TypeBase + "format-non-pris-en-charge", "Format de requête non pris en charge.", detail);

    public static Problem TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, TypeBase + "requete-trop-volumineuse", "Requête trop volumineuse.", detail);

    public static Problem Unavailable(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, TypeBase + "service-indisponible", "Service momentanément indisponible.", detail);

    public object ToBody()
    {
        var body = new Dictionary<string, object?> { ["type"] = Type, ["title"] = Title, ["status"] = Status, ["detail"] = Detail };
        if (Errors is not null) body["errors"] = Errors;
        foreach (var (name, value) in Extensions ?? new Dictionary<string, object>()) body[name] = value;
        return body;
    }
}
