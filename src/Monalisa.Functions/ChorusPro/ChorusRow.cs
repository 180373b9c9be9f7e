using Azure.Data.Tables;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.ChorusPro;

/// <summary>
/// The columns of a <c>chorus|{number}</c> row of the Ledger table. Invoicing writes it with <see cref="Status"/> =
/// ToDeposit; this feature owns it afterwards. The console reads <see cref="Status"/> (a <see cref="ChorusStatus"/> name).
/// </summary>
internal static class ChorusRow
{
    /// <summary>The columns Invoicing writes with the row: one name, declared where the row is first written.</summary>
    public const string Status = Invoicing.LedgerEntities.Status;
    public const string ChorusInvoiceId = nameof(ChorusInvoiceId);
    /// <summary>Why it was rejected, suspended or could not be deposited (Chorus Pro's words or code): shown to staff.</summary>
    public const string Reason = nameof(Reason);
    public const string UpdatedAt = Invoicing.LedgerEntities.UpdatedAt;
    /// <summary>Chorus Pro's own status word (DEPOSEE, MISE_A_DISPOSITION, MANDATEE, MISE_EN_PAIEMENT…), as last read.</summary>
    public const string ChorusState = nameof(ChorusState);
    /// <summary>Deposit attempts so far; past the first, Chorus Pro is asked before submitting again.</summary>
    public const string Attempts = nameof(Attempts);
    /// <summary>Until when the run that claimed the row (Depositing) holds it.</summary>
    public const string LeaseUntil = nameof(LeaseUntil);

    public static ChorusStatus? StatusOf(TableEntity row) =>
        Enum.TryParse<ChorusStatus>(row.GetString(Status), out var status) ? status : null;
}
