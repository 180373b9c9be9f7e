using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.ChorusPro;

internal sealed partial class ChorusDeposits
{
    /// <summary>
    /// Chorus Pro's words for a public buyer's answer: paid (the public accountant put it into payment), or sent back
    /// to the supplier (rejected for good, or suspended until it is completed): either way staff must act.
    /// </summary>
    private static ChorusStatus? Outcome(string? chorusState) => chorusState switch
    {
        "MISE_EN_PAIEMENT" => ChorusStatus.Paid,
        "REJETEE" or "SUSPENDUE" => ChorusStatus.Rejected,
        _ => null,
    };

    /// <summary>Reads the status of every deposited invoice: paid, rejected (staff alerted) or still on its way; how many moved.</summary>
    public async Task<int> FollowAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var row in await RowsAsync(cancellationToken))
        {
            if (ChorusRow.StatusOf(row) != ChorusStatus.Deposited || row.GetInt64(ChorusRow.ChorusInvoiceId) is not { } id) continue;
            JsonObject answer;
            try
            {
                answer = await client.PostAsync("factures/v1/consulter/fournisseur", new JsonObject { ["identifiantFactureCPP"] = id }, cancellationToken);
            }
            catch (ChorusProException e)
            {
                logger.LogWarning("Chorus Pro status of {Number} not read: {Reason}", row.RowKey, e.Message);
                continue;
            }
            var state = (answer["statutFacture"] ?? answer["statut"])?.ToString();
            if (Outcome(state) is ChorusStatus.Rejected)
            {
                await AlertStaffAsync(row, ChorusStatus.Rejected, $"{state} : {Comment(answer) ?? "motif non précisé"}", cancellationToken);
                moved++;
                continue;
            }
            if (state is null || state == row.GetString(ChorusRow.ChorusState)) continue;
            row[ChorusRow.ChorusState] = state;
            if (Outcome(state) is ChorusStatus.Paid) { row[ChorusRow.Status] = nameof(ChorusStatus.Paid); moved++; }
            row[ChorusRow.UpdatedAt] = clock.GetUtcNow();
            try
            {
                await tables.GetTableClient(TableNames.Ledger).UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another run read it meanwhile: the next one reads it again.
            }
        }
        return moved;
    }

    /// <summary>The comment of the latest status (the buyer's reason for a rejection), when Chorus Pro gives one.</summary>
    private static string? Comment(JsonObject answer)
    {
        if (answer["motifRejet"]?.ToString() is { Length: > 0 } reason) return reason;
        var history = (answer["historiqueDesStatuts"]?["histoStatut"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return history.Select(h => h["statutCommentaire"]?.ToString()).LastOrDefault(c => !string.IsNullOrWhiteSpace(c));
    }
}
