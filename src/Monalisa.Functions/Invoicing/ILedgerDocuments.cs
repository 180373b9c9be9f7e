using Monalisa.Domain.Invoicing;

namespace Monalisa.Functions.Invoicing;

/// <summary>Reads an issued invoice or credit note as it was issued: its model and the exact PDF sent (Chorus Pro, downloads).</summary>
internal interface ILedgerDocuments
{
    Task<LedgerDocument?> GetAsync(string number, CancellationToken cancellationToken);
}

/// <summary>A document of the ledger: the model it was built from and the PDF bytes issued, never re-rendered.</summary>
internal sealed record LedgerDocument(BillingDocument Document, byte[] Pdf, DateTimeOffset IssuedAt);
