using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Content;
using Monalisa.Domain.Validation;

namespace Monalisa.Functions.Http;

/// <summary>
/// The API's RFC 9457 problems, in French, as the framework's <see cref="ProblemDetails"/>. Type and title come together
/// from <see cref="ProblemTypes"/> (part of the contract, documented on the site); only <c>detail</c> varies.
/// </summary>
internal static class Problems
{
    public static HttpValidationProblemDetails Validation(FieldErrors errors) => new(errors.ToDictionary())
    {
        Status = StatusCodes.Status400BadRequest,
        Type = ProblemTypes.InvalidData.Uri,
        Title = ProblemTypes.InvalidData.Title,
        Detail = "Corrigez les champs signalés puis renvoyez le formulaire.",
    };

    public static HttpValidationProblemDetails Validation(string field, string message) => Validation(new FieldErrors().Add(field, message));

    public static ProblemDetails NotFound(string detail) => Of(StatusCodes.Status404NotFound, ProblemTypes.NotFound, detail);

    public static ProblemDetails MethodNotAllowed(string detail) => Of(StatusCodes.Status405MethodNotAllowed, ProblemTypes.MethodNotAllowed, detail);

    public static ProblemDetails Conflict(ProblemType type, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = Of(StatusCodes.Status409Conflict, type, detail);
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[name] = value;
        return problem;
    }

    /// <summary>A conflict about given fields (e.g. an address already enrolled), with the same <c>errors</c> member as a validation problem.</summary>
    public static HttpValidationProblemDetails Conflict(ProblemType type, string detail, IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status409Conflict, Type = type.Uri, Title = type.Title, Detail = detail,
    };

    public static ProblemDetails Unprocessable(string detail) => Of(StatusCodes.Status422UnprocessableEntity, ProblemTypes.KeyReused, detail);

    public static ProblemDetails PaymentUnavailable() =>
        Of(StatusCodes.Status503ServiceUnavailable, ProblemTypes.PaymentUnavailable,
            "Aucune place n'a été retenue et rien n'a été débité. Réessayez dans quelques minutes, ou choisissez le paiement sur facture.");

    public static ProblemDetails UnsupportedMediaType(string detail) => Of(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, detail);

    public static ProblemDetails TooLarge(string detail) => Of(StatusCodes.Status413PayloadTooLarge, ProblemTypes.TooLarge, detail);

    public static ProblemDetails Unavailable(string detail) => Of(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, detail);

    public static ProblemDetails SignInRequired(string detail) => Of(StatusCodes.Status401Unauthorized, ProblemTypes.SignInRequired, detail);

    public static ProblemDetails RoleMissing(string detail) => Of(StatusCodes.Status403Forbidden, ProblemTypes.RoleMissing, detail);

    private static ProblemDetails Of(int status, ProblemType type, string detail) =>
        new() { Status = status, Type = type.Uri, Title = type.Title, Detail = detail };
}
