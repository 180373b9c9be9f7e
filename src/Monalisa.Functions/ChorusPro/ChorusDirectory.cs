using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.ChorusPro;

/// <summary>
/// Chorus Pro's structure directory: <c>structures/v1/rechercher</c> finds the structure of a SIRET (its
/// <c>idStructureCPP</c>), <c>structures/v1/consulter</c> says what its invoices must carry (<c>parametres</c>).
/// </summary>
internal sealed class ChorusDirectory(ChorusProClient client, ILogger<ChorusDirectory> logger) : IPublicBuyerDirectory
{
    public async Task<PublicBuyerCheck> CheckAsync(string siret, CancellationToken cancellationToken)
    {
        try
        {
            if (await FindAsync(siret, cancellationToken) is not { } found) return new PublicBuyerCheck.Unknown();
            var answer = await client.PostAsync("structures/v1/consulter", new JsonObject { ["idStructureCPP"] = found.Id, ["codeLangue"] = "fr" }, cancellationToken);
            var parameters = answer["parametres"] as JsonObject;
            var requirements = new PublicBuyerRequirements(
                Flag(parameters, "codeServiceDoitEtreRenseigne"), Flag(parameters, "numeroEJDoitEtreRenseigne"), Flag(parameters, "gestionNumeroEJOuCodeService"));
            return new PublicBuyerCheck.Found(answer["raisonSociale"]?.ToString() ?? found.Name, requirements);
        }
        catch (ChorusProException e)
        {
            // The reason is Chorus Pro's code or an HTTP status: no SIRET, no personal data.
            logger.LogWarning("Chorus Pro directory unavailable: {Reason}", e.Message);
            return new PublicBuyerCheck.Unreachable();
        }
    }

    /// <summary>The structure of a SIRET, or null when Chorus Pro knows none (or only an inactive one).</summary>
    public async Task<(long Id, string Name)?> FindAsync(string siret, CancellationToken cancellationToken)
    {
        JsonObject answer;
        try
        {
            answer = await client.PostAsync("structures/v1/rechercher", new JsonObject
            {
                ["structure"] = new JsonObject { ["identifiantStructure"] = siret, ["typeIdentifiantStructure"] = "SIRET" },
            }, cancellationToken);
        }
        catch (ChorusProException e) when (!e.Transient)
        {
            // Chorus Pro answers an unknown identifier with a business error rather than an empty list.
            return null;
        }
        var structures = (answer["listeStructures"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(s => s["idStructureCPP"]?.GetValueKind() == JsonValueKind.Number)
            .Where(s => s["statut"]?.ToString() is null or "ACTIF")
            .ToList();
        return structures.Count == 1
            ? (structures[0]["idStructureCPP"]!.GetValue<long>(), structures[0]["designationStructure"]?.ToString() ?? "")
            : null;
    }

    private static bool Flag(JsonObject? parameters, string name) =>
        parameters?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
