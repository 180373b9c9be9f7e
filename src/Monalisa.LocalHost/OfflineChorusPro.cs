using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Monalisa.LocalHost;

/// <summary>
/// OFFLINE stand-in for PISTE and Chorus Pro, never part of the Functions app: it answers the documented JSON of the
/// calls the app makes (token, structures rechercher/consulter, factures deposer/pdf, soumettre, rechercher/fournisseur,
/// consulter/fournisseur), so the real client code runs against it. The local host routes the app's Chorus Pro HTTP
/// client to it when no PISTE client id is configured; the tests' ChorusProStub serves it over HTTP and records calls.
/// Every SIRET is a structure with no code required, except those set otherwise.
/// </summary>
public sealed class ChorusProStandIn
{
    public sealed record Structure(string Name, bool ServiceCode = false, bool Commitment = false, bool EitherOne = false);

    public sealed class Invoice(long id, string number, JsonObject submitted)
    {
        public long Id { get; } = id;
        public string Number { get; } = number;
        public JsonObject Submitted { get; } = submitted;
        public string Status { get; set; } = "DEPOSEE";
        public string? Comment { get; set; }
    }

    private long _nextId = 1000;
    private readonly ConcurrentDictionary<string, long> _structureIds = new();

    /// <summary>Directory entries that differ from the default (a name, codes required).</summary>
    public ConcurrentDictionary<string, Structure> Structures { get; } = new();
    /// <summary>SIRETs the directory does not know.</summary>
    public ConcurrentDictionary<string, bool> Unknown { get; } = new();
    public ConcurrentDictionary<long, byte[]> Attachments { get; } = new();
    public ConcurrentDictionary<long, Invoice> Invoices { get; } = new();

    /// <summary>Example entries for the local host, so a person can see each case on the form.</summary>
    public static ChorusProStandIn WithExamples()
    {
        var standIn = new ChorusProStandIn();
        standIn.Structures["21690123400019"] = new Structure("COMMUNE D'EXEMPLE (code service exigé)", ServiceCode: true);
        standIn.Structures["26690001200018"] = new Structure("CENTRE HOSPITALIER D'EXEMPLE (engagement exigé)", Commitment: true);
        standIn.Structures["20004697700019"] = new Structure("MÉTROPOLE D'EXEMPLE (code service ou engagement)", EitherOne: true);
        standIn.Unknown["00000000000000"] = true;
        return standIn;
    }

    /// <summary>The buyer rejects the invoice with this number, as a public accountant does in Chorus Pro.</summary>
    public void Reject(string number, string comment) => Set(number, "REJETEE", comment);

    public void MarkPaid(string number) => Set(number, "MISE_EN_PAIEMENT", null);

    private void Set(string number, string status, string? comment)
    {
        foreach (var invoice in Invoices.Values.Where(i => i.Number == number)) { invoice.Status = status; invoice.Comment = comment; }
    }

    /// <summary>One call: the path after the host (e.g. <c>/cpro/structures/v1/consulter</c>) and its JSON body.</summary>
    public (HttpStatusCode Status, JsonObject Body) Answer(string path, JsonObject? body)
    {
        if (path.EndsWith("/api/oauth/token", StringComparison.Ordinal))
            return (HttpStatusCode.OK, new JsonObject { ["access_token"] = "offline-" + Guid.NewGuid().ToString("N"), ["token_type"] = "Bearer", ["expires_in"] = 3600, ["scope"] = "openid" });
        body ??= [];
        return path switch
        {
            "/cpro/structures/v1/rechercher" => Search(body["structure"]?["identifiantStructure"]?.ToString() ?? ""),
            "/cpro/structures/v1/consulter" => Consult(body["idStructureCPP"]?.GetValue<long>() ?? 0),
            "/cpro/factures/v1/deposer/pdf" => Deposit(body),
            "/cpro/factures/v1/soumettre" => Submit(body),
            "/cpro/factures/v1/rechercher/fournisseur" => Ok(new JsonObject
            {
                ["listeFactures"] = new JsonArray([.. Invoices.Values.Where(i => i.Number == body["numeroFacture"]?.ToString())
                    .Select(i => (JsonNode)new JsonObject { ["identifiantFactureCPP"] = i.Id, ["numeroFacture"] = i.Number, ["statut"] = i.Status })]),
            }),
            "/cpro/factures/v1/consulter/fournisseur" => Invoices.TryGetValue(body["identifiantFactureCPP"]?.GetValue<long>() ?? 0, out var found)
                ? Ok(new JsonObject
                {
                    ["identifiantFactureCPP"] = found.Id, ["numeroFacture"] = found.Number, ["statutFacture"] = found.Status,
                    ["historiqueDesStatuts"] = new JsonObject { ["histoStatut"] = new JsonArray(new JsonObject { ["statut"] = found.Status, ["statutCommentaire"] = found.Comment }) },
                })
                : Error(HttpStatusCode.BadRequest, 20001, "Facture inconnue"),
            _ => Error(HttpStatusCode.NotFound, 404, "Ressource inconnue de l'émulateur hors ligne"),
        };
    }

    private (HttpStatusCode, JsonObject) Search(string siret)
    {
        if (Unknown.ContainsKey(siret)) return Ok(new JsonObject { ["listeStructures"] = new JsonArray(), ["parametresRetour"] = new JsonObject { ["total"] = 0 } });
        var id = _structureIds.GetOrAdd(siret, _ => Interlocked.Increment(ref _nextId));
        var name = Structures.TryGetValue(siret, out var s) ? s.Name : $"STRUCTURE {siret}";
        return Ok(new JsonObject
        {
            ["listeStructures"] = new JsonArray(new JsonObject
            {
                ["idStructureCPP"] = id, ["identifiantStructure"] = siret, ["designationStructure"] = name, ["typeIdentifiantStructure"] = "SIRET", ["statut"] = "ACTIF",
            }),
            ["parametresRetour"] = new JsonObject { ["total"] = 1, ["pageCourante"] = 1, ["pages"] = 1 },
        });
    }

    private (HttpStatusCode, JsonObject) Consult(long id)
    {
        var siret = _structureIds.FirstOrDefault(p => p.Value == id).Key;
        if (siret is null) return Error(HttpStatusCode.BadRequest, 20002, "Structure inconnue");
        var s = Structures.TryGetValue(siret, out var found) ? found : new Structure($"STRUCTURE {siret}");
        return Ok(new JsonObject
        {
            ["idStructureCPP"] = id, ["identifiant"] = siret, ["raisonSociale"] = s.Name,
            ["parametres"] = new JsonObject
            {
                ["codeServiceDoitEtreRenseigne"] = s.ServiceCode, ["numeroEJDoitEtreRenseigne"] = s.Commitment,
                ["gestionNumeroEJOuCodeService"] = s.EitherOne, ["gestionStatutMiseEnPaiement"] = true,
            },
        });
    }

    private (HttpStatusCode, JsonObject) Deposit(JsonObject body)
    {
        byte[] pdf;
        try { pdf = Convert.FromBase64String(body["fichierFacture"]?.ToString() ?? ""); }
        catch (FormatException) { return Error(HttpStatusCode.BadRequest, 20003, "Fichier illisible"); }
        if (pdf.Length == 0) return Error(HttpStatusCode.BadRequest, 20003, "Fichier absent");
        var id = Interlocked.Increment(ref _nextId);
        Attachments[id] = pdf;
        return Ok(new JsonObject { ["pieceJointeId"] = id, ["dateDepot"] = DateTime.UtcNow.ToString("yyyy-MM-dd") });
    }

    private (HttpStatusCode, JsonObject) Submit(JsonObject body)
    {
        var attachment = body["pieceJointePrincipale"]?[0]?["pieceJointePrincipaleId"]?.GetValue<long>() ?? 0;
        if (!Attachments.ContainsKey(attachment)) return Error(HttpStatusCode.BadRequest, 20004, "Pièce jointe principale inconnue");
        var siret = body["destinataire"]?["codeDestinataire"]?.ToString() ?? "";
        if (Unknown.ContainsKey(siret) || siret.Length != 14) return Error(HttpStatusCode.BadRequest, 20005, "Destinataire inconnu");
        if (Structures.TryGetValue(siret, out var s) && s.ServiceCode && body["destinataire"]?["codeServiceExecutant"] is null)
            return Error(HttpStatusCode.BadRequest, 20006, "Le code service est obligatoire pour ce destinataire");
        var number = body["numeroFactureSaisi"]?.ToString() ?? "";
        var id = Interlocked.Increment(ref _nextId);
        Invoices[id] = new Invoice(id, number, body);
        return Ok(new JsonObject { ["identifiantFactureCPP"] = id, ["numeroFacture"] = number, ["statutFacture"] = "DEPOSEE" });
    }

    private static (HttpStatusCode, JsonObject) Ok(JsonObject body)
    {
        body["codeRetour"] = 0;
        body["libelle"] = "GCU_MSG_01_000";
        return (HttpStatusCode.OK, body);
    }

    private static (HttpStatusCode, JsonObject) Error(HttpStatusCode status, int code, string label) =>
        (status, new JsonObject { ["codeRetour"] = code, ["libelle"] = label });
}

/// <summary>Routes the app's Chorus Pro HTTP client to the in-process stand-in: no network, same client code.</summary>
internal sealed class OfflineChorusProHandler(ChorusProStandIn standIn) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var body = request.Content?.Headers.ContentType?.MediaType == "application/json" && text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        var (status, answer) = standIn.Answer(request.RequestUri!.AbsolutePath, body);
        return new HttpResponseMessage(status) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json"), RequestMessage = request };
    }
}

/// <summary>
/// OFFLINE: plays the public buyer in the stand-in, for a person or a browser journey: <c>POST /_dev/chorus-pro/{number}/rejet</c>
/// (form field <c>motif</c>) or <c>…/paiement</c>; the follow-up timer (<c>/_dev/timers/FollowChorusInvoices</c>) then sees it.
/// Only when the stand-in serves (no PISTE client id).
/// </summary>
internal static class OfflineChorusProEndpoints
{
    public static IEndpointRouteBuilder MapOfflineChorusPro(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_dev/chorus-pro", (ChorusProStandIn standIn) => Results.Ok(standIn.Invoices.Values
            .Select(i => new { i.Id, i.Number, i.Status, i.Comment }).OrderBy(i => i.Number, StringComparer.Ordinal)));
        endpoints.MapPost("/_dev/chorus-pro/{number}/rejet", async (string number, HttpRequest request, ChorusProStandIn standIn) =>
        {
            var reason = request.HasFormContentType ? (await request.ReadFormAsync())["motif"].ToString() : "";
            standIn.Reject(number, reason.Length > 0 ? reason : "Rejet simulé hors ligne");
            return Results.Ok(new { number, status = "REJETEE" });
        }).DisableAntiforgery();
        endpoints.MapPost("/_dev/chorus-pro/{number}/paiement", (string number, ChorusProStandIn standIn) =>
        {
            standIn.MarkPaid(number);
            return Results.Ok(new { number, status = "MISE_EN_PAIEMENT" });
        }).DisableAntiforgery();
        return endpoints;
    }
}
