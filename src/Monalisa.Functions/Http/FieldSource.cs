using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Monalisa.Domain.Validation;

namespace Monalisa.Functions.Http;

/// <summary>
/// The fields of a request, whatever carried them: a JSON object, a form or a query string. Typed getters never
/// throw: a value of the wrong type is recorded as a French message under its field path (<c>trainees[0].email</c>)
/// and read as absent, so that one reply lists every problem.
/// </summary>
internal abstract class FieldSource(string prefix, FieldErrors? errors) : IDisposable
{
    protected const string IntegerExpected = "Nombre entier attendu.";

    public FieldErrors Errors { get; } = errors ?? new FieldErrors();

    public abstract string? Text(string name);

    public abstract bool? Bool(string name);

    public abstract long? Long(string name);

    /// <summary>A whole number; <paramref name="invalid"/> says what is expected when it is not one.</summary>
    public abstract int? Int(string name, string? invalid = null);

    /// <summary>A nested object (<c>payer</c>).</summary>
    public abstract FieldSource? Object(string name);

    /// <summary>A list of objects (<c>trainees</c>), at most <paramref name="max"/> + 1 read: one more is enough to refuse a list as too long.</summary>
    public abstract IReadOnlyList<FieldSource> Rows(string name, int max);

    public virtual void Dispose() { }

    /// <summary>Text that must be there; <paramref name="messageIfMissing"/> unless the field already has an error.</summary>
    public string? Required(string name, string messageIfMissing)
    {
        var errorsBefore = Errors.Any;
        var value = Text(name);
        if (value is null && errorsBefore == Errors.Any)
            Errors.Add(Path(name), messageIfMissing);
        return value;
    }

    /// <summary>A count of people from 0 to <paramref name="max"/>; absent means 0.</summary>
    public int Count(string name, string what, int max)
    {
        var text = Text(name);
        if (text is null) return 0;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            Errors.Add(Path(name), $"Le nombre de {what} doit être un nombre entier positif ou nul (reçu : « {Shorten(text)} »).");
            return 0;
        }
        if (n > max)
        {
            Errors.Add(Path(name), $"Le nombre de {what} ne peut pas dépasser {max}.");
            return 0;
        }
        return n;
    }

    protected string Path(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The fields of a body <see cref="BodyReader"/> accepted; disposing it releases the JSON document.</summary>
    public static FieldSource Of(Body body) => body switch
    {
        Body.Json json => new JsonFieldSource(json.Document.RootElement, "", null, json.Document),
        Body.Form form => new TextFieldSource(form.Fields, "", null),
        _ => throw new ArgumentOutOfRangeException(nameof(body)),
    };

    /// <summary>Query parameters: each may appear once; values are trimmed, and blank means absent.</summary>
    public static FieldSource Of(IQueryCollection query)
    {
        var errors = new FieldErrors();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (values.Count > 1) errors.Add(name, $"Le paramètre {name} ne doit apparaître qu'une fois.");
            else if (values.ToString().Trim() is { Length: > 0 } value) fields[name] = value;
        }
        return new TextFieldSource(fields, "", errors);
    }
}

/// <summary>Members of a JSON object, whose types are checked.</summary>
internal sealed class JsonFieldSource(JsonElement element, string prefix, FieldErrors? errors, IDisposable? document = null)
    : FieldSource(prefix, errors)
{
    private JsonElement? Member(string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private T? Expect<T>(string name, Func<JsonElement, T?> read, string message) where T : struct
    {
        if (Member(name) is not { } value) return null;
        if (read(value) is { } typed) return typed;
        Errors.Add(Path(name), message);
        return null;
    }

    public override string? Text(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Errors.Add(Path(name), "Texte attendu.");
        return null;
    }

    public override bool? Bool(string name) =>
        Expect(name, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : (bool?)null, "Valeur vrai/faux attendue (true ou false).");

    public override long? Long(string name) =>
        Expect(name, v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : (long?)null, IntegerExpected);

    public override int? Int(string name, string? invalid = null) =>
        Expect(name, v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : (int?)null, invalid ?? IntegerExpected);

    public override FieldSource? Object(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Object) return new JsonFieldSource(value, Path(name), Errors);
        Errors.Add(Path(name), "Objet attendu.");
        return null;
    }

    public override IReadOnlyList<FieldSource> Rows(string name, int max)
    {
        if (Member(name) is not { } value) return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(Path(name), "Liste attendue.");
            return [];
        }
        var rows = new List<FieldSource>();
        foreach (var row in value.EnumerateArray().Take(max + 1))
        {
            var path = $"{Path(name)}[{rows.Count}]";
            if (row.ValueKind != JsonValueKind.Object) Errors.Add(path, "Chaque élément doit être un objet JSON.");
            rows.Add(new JsonFieldSource(row, path, Errors));
        }
        return rows;
    }

    public override void Dispose() => document?.Dispose();
}

/// <summary>
/// Text fields named by path (<c>payer.name</c>, <c>trainees[0].email</c>), as forms and query strings send them.
/// A checked checkbox sends its value ("true" or "on"), an unchecked one nothing.
/// </summary>
internal sealed class TextFieldSource(IReadOnlyDictionary<string, string> fields, string prefix, FieldErrors? errors)
    : FieldSource(prefix, errors)
{
    public override string? Text(string name) => fields.TryGetValue(Path(name), out var value) ? value : null;

    public override bool? Bool(string name) => Text(name) is { } value ? value is "true" or "on" or "1" : null;

    public override long? Long(string name)
    {
        if (string.IsNullOrEmpty(Text(name))) return null;
        if (long.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        Errors.Add(Path(name), IntegerExpected);
        return null;
    }

    public override int? Int(string name, string? invalid = null)
    {
        if (string.IsNullOrEmpty(Text(name))) return null;
        if (int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        Errors.Add(Path(name), invalid ?? IntegerExpected);
        return null;
    }

    /// <summary>A form has no absent objects, only absent fields: the object is always there.</summary>
    public override FieldSource? Object(string name) => new TextFieldSource(fields, Path(name), Errors);

    public override IReadOnlyList<FieldSource> Rows(string name, int max)
    {
        // Rows are name[0].x … name[n].x; indices are bounded so a crafted form cannot allocate much.
        var start = Path(name) + "[";
        var last = -1;
        foreach (var key in fields.Keys.Where(k => k.StartsWith(start, StringComparison.Ordinal)))
        {
            var close = key.IndexOf(']', start.Length);
            if (close < 0 || !int.TryParse(key.AsSpan(start.Length, close - start.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 999)
                Errors.Add(Path(name), "Numéro de ligne invalide dans le formulaire.");
            else
                last = Math.Max(last, index);
        }
        return [.. Enumerable.Range(0, Math.Min(last, max) + 1).Select(i => new TextFieldSource(fields, $"{Path(name)}[{i}]", Errors))];
    }
}
