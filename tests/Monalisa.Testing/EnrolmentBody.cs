using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Monalisa.Testing;

/// <summary>Builds enrolment requests as the site's script sends them (JSON) or as the plain form posts them.</summary>
public sealed class EnrolmentBody
{
    private readonly JsonObject _json;

    public EnrolmentBody(string sessionId)
    {
        _json = new JsonObject
        {
            ["sessionId"] = sessionId,
            ["trainees"] = new JsonArray(),
            ["payer"] = new JsonObject
            {
                ["kind"] = "organisation", ["name"] = "CCAS de Lyon", ["email"] = "compta@ccas-lyon.example.org",
                ["address"] = "1 place de la Mairie, 69001 Lyon",
            },
            ["paymentMethod"] = "invoice",
            ["prerequisitesConfirmed"] = true,
            ["consent"] = true,
            ["website"] = "",
            // As the site's script sends it: the token GET /api/form-token handed out (see FormTokens).
            ["formToken"] = FormTokens.Valid,
        };
    }

    public JsonObject Json => _json;

    public EnrolmentBody Trainee(string category = "professional", string? email = null, string firstName = "Anne", string lastName = "Martin")
    {
        ((JsonArray)_json["trainees"]!).Add(new JsonObject
        {
            ["firstName"] = firstName, ["lastName"] = lastName,
            ["email"] = email ?? $"stagiaire-{Guid.NewGuid():N}@example.org",
            ["phone"] = "04 72 00 00 00", ["organisation"] = "CCAS de Lyon", ["jobTitle"] = "Cheffe de projet", ["category"] = category,
        });
        // A volunteer comes with the « déclaration sur l'honneur » the reduced rate requires.
        if (category == "volunteer") Volunteer(((JsonArray)_json["trainees"]!).Count - 1, "Les Petits Frères des Pauvres", declared: true);
        return this;
    }

    /// <summary>Sets the volunteer declaration of trainee <paramref name="index"/> (null removes the field).</summary>
    public EnrolmentBody Volunteer(int index, string? association, bool? declared)
    {
        var trainee = (JsonObject)((JsonArray)_json["trainees"]!)[index]!;
        trainee["volunteerAssociation"] = association;
        trainee["volunteerDeclared"] = declared;
        return this;
    }

    public EnrolmentBody Professionals(int count) { for (var i = 0; i < count; i++) Trainee("professional"); return this; }
    public EnrolmentBody Volunteers(int count) { for (var i = 0; i < count; i++) Trainee("volunteer"); return this; }

    public EnrolmentBody Card() => Set("paymentMethod", "card");
    public EnrolmentBody Invoice() => Set("paymentMethod", "invoice");
    /// <summary>An individual paying for their own training by card, having ticked the contract shown (its SHA-256).</summary>
    public EnrolmentBody SelfFunded(string contractSha256)
    {
        // The payer is the trainee: no organisation name, payer email, SIRET or purchase order is sent, as the form does.
        _json["payer"] = new JsonObject
        {
            ["kind"] = "individual", ["street"] = SelfFundedStreet, ["postalCode"] = SelfFundedPostalCode, ["city"] = SelfFundedCity,
        };
        _json["contractAccepted"] = true;
        _json["contractVersion"] = contractSha256;
        return Card();
    }

    public const string SelfFundedStreet = "3 rue des Lilas";
    public const string SelfFundedPostalCode = "69003";
    public const string SelfFundedCity = "Lyon";

    public EnrolmentBody WaitingList() { _json["waitingList"] = true; return this; }

    public EnrolmentBody Set(string name, JsonNode? value) { _json[name] = value; return this; }

    public EnrolmentBody Payer(string name, JsonNode? value) { ((JsonObject)_json["payer"]!)[name] = value; return this; }

    public HttpContent ToJsonContent() => JsonContent.Create(_json);

    /// <summary>The same enrolment as the no-JavaScript form sends it (<c>trainees[0].firstName=…</c>).</summary>
    public FormUrlEncodedContent ToFormContent()
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in _json)
        {
            switch (value)
            {
                case JsonArray trainees:
                    for (var i = 0; i < trainees.Count; i++)
                        foreach (var (field, v) in (JsonObject)trainees[i]!)
                            fields.Add(new($"trainees[{i}].{field}", v?.ToString() ?? ""));
                    break;
                case JsonObject payer:
                    foreach (var (field, v) in payer) fields.Add(new($"payer.{field}", v?.ToString() ?? ""));
                    break;
                case null:
                    break;
                default:
                    var text = value.ToString();
                    // A checkbox sends its value only when checked.
                    if (text == "false") break;
                    fields.Add(new(key, text));
                    break;
            }
        }
        return new FormUrlEncodedContent(fields);
    }
}
