using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Certificates;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Certificates;

/// <summary>The Certificates table (<see cref="CertificateRows"/>): assessments, documents with their PDF, their emails.</summary>
internal sealed class CertificateStore(TableServiceClient tables, StorageSetup storage)
{
    private static readonly string[] ListColumns =
        [CertificateRows.EnrolmentId, CertificateRows.TraineeKey, CertificateRows.Kind, CertificateRows.Version, CertificateRows.Minutes, CertificateRows.IssuedAt];

    private async Task<TableClient> TableAsync()
    {
        await storage.EnsureCreatedAsync();
        return tables.GetTableClient(TableNames.Certificates);
    }

    public async Task<List<TraineeAssessment>> AssessmentsAsync(string sessionId, CancellationToken cancellationToken)
    {
        var all = new List<TraineeAssessment>();
        await foreach (var row in (await TableAsync()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {CertificateRows.AssessmentPrefix} and RowKey lt {Keys.RangeEnd(CertificateRows.AssessmentPrefix)}"), cancellationToken: cancellationToken))
            if (CertificateRows.AssessmentOf(row) is { } assessment) all.Add(assessment);
        return all;
    }

    /// <summary>Records (or replaces) a trainee's result: the last one recorded is the one an attestation not yet issued prints.</summary>
    public async Task RecordAsync(string sessionId, TraineeAssessment assessment, DateTimeOffset sessionEnd, CancellationToken cancellationToken) =>
        await (await TableAsync()).UpsertEntityAsync(CertificateRows.AssessmentEntity(sessionId, assessment, sessionEnd), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The documents issued in a session, without their PDF.</summary>
    public async Task<List<IssuedCertificate>> IssuedAsync(string sessionId, CancellationToken cancellationToken)
    {
        var all = new List<IssuedCertificate>();
        await foreach (var row in (await TableAsync()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {CertificateRows.CertificatePrefix} and RowKey lt {Keys.RangeEnd(CertificateRows.CertificatePrefix)}"), select: ListColumns, cancellationToken: cancellationToken))
            all.Add(CertificateRows.IssuedOf(row));
        return all;
    }

    public async Task<(IssuedCertificate Issued, byte[] Pdf)?> GetAsync(string sessionId, string rowKey, CancellationToken cancellationToken)
    {
        if (!rowKey.StartsWith(CertificateRows.CertificatePrefix, StringComparison.Ordinal)) return null;
        var row = await (await TableAsync()).GetEntityIfExistsAsync<TableEntity>(sessionId, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? (CertificateRows.IssuedOf(row.Value!), CertificateRows.PdfOf(row.Value!)) : null;
    }

    /// <summary>
    /// One transaction: the trainee's documents (inserts) and their emails. False when one of them exists already:
    /// another delivery issued it meanwhile, and the caller decides again from what is stored.
    /// </summary>
    public async Task<bool> TryIssueAsync(IReadOnlyList<TableEntity> documents, IReadOnlyList<TableEntity> outbox, CancellationToken cancellationToken)
    {
        var actions = documents.Select(d => new TableTransactionAction(TableTransactionActionType.Add, d))
            .Concat(outbox.Select(o => new TableTransactionAction(TableTransactionActionType.Add, o))).ToList();
        try
        {
            await (await TableAsync()).SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Every document and assessment of sessions that ended before <paramref name="cutoff"/> (retention).</summary>
    public async Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await TableAsync();
        var deleted = 0;
        var old = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"SessionEnd lt {cutoff}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            old.Add(row);
        // Documents and assessments carry the session's end; the assessments go with the documents they served to write.
        {
            foreach (var row in old)
            {
                try
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                    deleted++;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Another run deleted it.
                }
            }
        }
        return deleted;
    }
}
