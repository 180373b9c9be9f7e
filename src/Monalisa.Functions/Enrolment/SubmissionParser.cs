using System.Globalization;
using System.Text.Json;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// Turns a JSON body or a form into an <see cref="EnrolmentSubmission"/>. Wrong types become field errors, unknown
/// fields (amounts, table keys…) are ignored: nothing the client sends beyond the documented fields is ever read.
/// </summary>
internal static class SubmissionParser
{
    public static (EnrolmentSubmission? Submission, FieldErrors Errors) Parse(Body body) => body switch
    {
        Body.Json json => FromJson(json.Document.RootElement),
        Body.Form form => FromForm(form.Fields),
        _ => throw new ArgumentOutOfRangeException(nameof(body)),
    };

    private static (EnrolmentSubmission?, FieldErrors) FromJson(JsonElement root)
    {
        var read = new JsonFields(root);
        var trainees = new List<TraineeSubmission>();
        if (read.Array("trainees") is { } array)
        {
            var i = 0;
            foreach (var row in array.EnumerateArray())
            {
                // A huge array is refused as a whole; no need to read it all.
                if (i > Domain.Enrolment.FieldLimits.MaxTraineesPerEnrolment) { trainees.Add(new TraineeSubmission { FirstName = "…" }); break; }
                var t = new JsonFields(row, $"trainees[{i}]", read.Errors);
                trainees.Add(row.ValueKind != JsonValueKind.Object
                    ? Invalid(read.Errors, $"trainees[{i}]")
                    : new TraineeSubmission
                    {
                        FirstName = t.Text("firstName"), LastName = t.Text("lastName"), Email = t.Text("email"),
                        Phone = t.Text("phone"), Organisation = t.Text("organisation"), JobTitle = t.Text("jobTitle"),
                        Category = t.Text("category"),
                    });
                i++;
            }
        }
        var payer = read.Object("payer") is { } p ? new JsonFields(p, "payer", read.Errors) : null;
        var submission = new EnrolmentSubmission
        {
            SessionId = read.Text("sessionId"),
            Trainees = trainees,
            Payer = payer is null ? null : new PayerSubmission
            {
                Kind = payer.Text("kind"), Name = payer.Text("name"), Email = payer.Text("email"), Address = payer.Text("address"),
                Siret = payer.Text("siret"), PurchaseOrder = payer.Text("purchaseOrder"),
            },
            PaymentMethod = read.Text("paymentMethod"),
            PrerequisitesConfirmed = read.Bool("prerequisitesConfirmed"),
            Consent = read.Bool("consent"),
            AccessibilityNeeds = read.Text("accessibilityNeeds"),
            Website = read.Text("website"),
            RenderedAt = read.Long("renderedAt"),
            SubmittedAt = read.Long("submittedAt"),
            WaitingList = read.Bool("waitingList"),
            ContractAccepted = read.Bool("contractAccepted"),
            ContractVersion = read.Text("contractVersion"),
        };
        return (read.Errors.Any ? null : submission, read.Errors);
    }

    private static TraineeSubmission Invalid(FieldErrors errors, string field)
    {
        errors.Add(field, "Chaque stagiaire doit être un objet JSON.");
        return new TraineeSubmission();
    }

    private static (EnrolmentSubmission?, FieldErrors) FromForm(IReadOnlyDictionary<string, string> fields)
    {
        var errors = new FieldErrors();
        string? Get(string name) => fields.TryGetValue(name, out var v) ? v : null;

        // Rows are trainees[0].x … trainees[n].x; indices are bounded so a crafted form cannot allocate much.
        var indices = new SortedSet<int>();
        foreach (var key in fields.Keys)
        {
            if (!key.StartsWith("trainees[", StringComparison.Ordinal)) continue;
            var close = key.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !int.TryParse(key.AsSpan(9, close - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 999)
            {
                errors.Add("trainees", "Numéro de stagiaire invalide dans le formulaire.");
                continue;
            }
            indices.Add(index);
        }
        var trainees = new List<TraineeSubmission>();
        if (indices.Count > 0)
        {
            for (var i = 0; i <= indices.Max && i <= Domain.Enrolment.FieldLimits.MaxTraineesPerEnrolment * 10; i++)
            {
                string? T(string name) => Get($"trainees[{i}].{name}");
                trainees.Add(new TraineeSubmission
                {
                    FirstName = T("firstName"), LastName = T("lastName"), Email = T("email"), Phone = T("phone"),
                    Organisation = T("organisation"), JobTitle = T("jobTitle"), Category = T("category"),
                });
            }
        }

        var submission = new EnrolmentSubmission
        {
            SessionId = Get("sessionId"),
            Trainees = trainees,
            Payer = new PayerSubmission
            {
                Kind = Get("payer.kind"), Name = Get("payer.name"), Email = Get("payer.email"), Address = Get("payer.address"),
                Siret = Get("payer.siret"), PurchaseOrder = Get("payer.purchaseOrder"),
            },
            PaymentMethod = Get("paymentMethod"),
            PrerequisitesConfirmed = FormBool(Get("prerequisitesConfirmed")),
            Consent = FormBool(Get("consent")),
            AccessibilityNeeds = Get("accessibilityNeeds"),
            Website = Get("website"),
            RenderedAt = FormLong(Get("renderedAt"), "renderedAt", errors),
            SubmittedAt = FormLong(Get("submittedAt"), "submittedAt", errors),
            WaitingList = FormBool(Get("waitingList")),
            ContractAccepted = FormBool(Get("contractAccepted")),
            ContractVersion = Get("contractVersion"),
        };
        return (errors.Any ? null : submission, errors);
    }

    /// <summary>A checked checkbox sends its value ("true" or "on"); an unchecked one sends nothing.</summary>
    private static bool? FormBool(string? value) => value is null ? null : value is "true" or "on" or "1";

    private static long? FormLong(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        errors.Add(field, "Nombre attendu.");
        return null;
    }
}

/// <summary>Reads typed members of a JSON object, recording a French error (by field path) for each wrong type.</summary>
internal sealed class JsonFields(JsonElement element, string prefix = "", FieldErrors? errors = null)
{
    public FieldErrors Errors { get; } = errors ?? new FieldErrors();

    private string Path(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private JsonElement? Member(string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? Text(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Errors.Add(Path(name), "Texte attendu.");
        return null;
    }

    public bool? Bool(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Errors.Add(Path(name), "Valeur vrai/faux attendue (true ou false).");
        return null;
    }

    public long? Long(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)) return n;
        Errors.Add(Path(name), "Nombre entier attendu.");
        return null;
    }

    public int? Int(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)) return n;
        Errors.Add(Path(name), "Nombre entier attendu.");
        return null;
    }

    public JsonElement? Array(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Array) return value;
        Errors.Add(Path(name), "Liste attendue.");
        return null;
    }

    public JsonElement? Object(string name)
    {
        if (Member(name) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Object) return value;
        Errors.Add(Path(name), "Objet attendu.");
        return null;
    }
}
