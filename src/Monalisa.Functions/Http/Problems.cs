using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Domain.Validation;

namespace Monalisa.Functions.Http;

/// <summary>The API's RFC 9457 problems, in French, as the framework's <see cref="ProblemDetails"/>; their type URIs are part of the contract.</summary>
internal static class Problems
{
    private const string TypeBase = "https://monalisa-asso.fr/problemes/";

    public static HttpValidationProblemDetails Validation(FieldErrors errors) => new(errors.ToDictionary())
    {
        Status = StatusCodes.Status400BadRequest,
        Type = TypeBase + "donnees-invalides",
        Title = "Certaines informations sont invalides.",
        Detail = "Corrigez les champs signalés puis renvoyez le formulaire.",
    };

    public static HttpValidationProblemDetails Validation(string field, string message) => Validation(new FieldErrors().Add(field, message));

    public static ProblemDetails NotFound(string detail) => Of(StatusCodes.Status404NotFound, "introuvable", "Ressource introuvable.", detail);

    public static ProblemDetails Conflict(string type, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = Of(StatusCodes.Status409Conflict, type, title, detail);
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[name] = value;
        return problem;
    }

    /// <summary>A conflict about given fields (e.g. an address already enrolled), with the same <c>errors</c> member as a validation problem.</summary>
    public static HttpValidationProblemDetails Conflict(string type, string title, string detail, IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status409Conflict, Type = TypeBase + type, Title = title, Detail = detail,
    };

    public static ProblemDetails Unprocessable(string detail) =>
        Of(StatusCodes.Status422UnprocessableEntity, "cle-idempotence-reutilisee", "Demande déjà reçue avec d'autres données.", detail);

    public static ProblemDetails PaymentUnavailable() =>
        Of(StatusCodes.Status503ServiceUnavailable, "paiement-indisponible", "Le service de paiement ne répond pas.",
            "Aucune place n'a été retenue et rien n'a été débité. Réessayez dans quelques minutes, ou choisissez le paiement sur facture.");

    public static ProblemDetails UnsupportedMediaType(string detail) =>
        Of(StatusCodes.Status415UnsupportedMediaType, "format-non-pris-en-charge", "Format de requête non pris en charge.", detail);

    public static ProblemDetails TooLarge(string detail) =>
        Of(StatusCodes.Status413PayloadTooLarge, "requete-trop-volumineuse", "Requête trop volumineuse.", detail);

    public static ProblemDetails Unavailable(string detail) =>
        Of(StatusCodes.Status503ServiceUnavailable, "service-indisponible", "Service momentanément indisponible.", detail);

    private static ProblemDetails Of(int status, string type, string title, string detail) =>
        new() { Status = status, Type = TypeBase + type, Title = title, Detail = detail };
}
