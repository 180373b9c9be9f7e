using Monalisa.Domain.Validation;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Monalisa.Functions.Http;

/// <summary>Reads query parameters, collecting a French message per bad parameter instead of throwing.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    public FieldErrors Errors { get; } = new();

    public string? Optional(string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            Errors.Add(name, $"Le paramètre {name} ne doit apparaître qu'une fois.");
            return null;
        }
        var value = values.Count == 1 ? values[0]?.Trim() : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string? Required(string name, string messageIfMissing)
    {
        var hadError = Errors.Any;
        var value = Optional(name);
        if (value is null && (hadError == Errors.Any))
            Errors.Add(name, messageIfMissing);
        return value;
    }

    /// <summary>A whole number from 0 to <paramref name="max"/>; absent means 0.</summary>
    public int Count(string name, string what, int max)
    {
        var text = Optional(name);
        if (text is null) return 0;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            Errors.Add(name, $"Le nombre de {what} doit être un nombre entier positif ou nul (reçu : « {Shorten(text)} »).");
            return 0;
        }
        if (n > max)
        {
            Errors.Add(name, $"Le nombre de {what} ne peut pas dépasser {max}.");
            return 0;
        }
        return n;
    }

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
