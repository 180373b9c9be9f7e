using Azure.Data.Tables;

namespace Monalisa.Testing;

/// <summary>Reads what is really stored in Azurite, so tests count entities instead of trusting a counter.</summary>
public sealed class TableInspector(string connectionString)
{
    public async Task<List<TableEntity>> PartitionAsync(string table, string partitionKey, string? rowKeyPrefix = null)
    {
        var client = new TableClient(connectionString, table);
        await client.CreateIfNotExistsAsync();
        var filter = rowKeyPrefix is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {rowKeyPrefix} and RowKey lt {rowKeyPrefix[..^1] + "}"}");
        var entities = new List<TableEntity>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter))
            entities.Add(entity);
        return entities;
    }

    public async Task<int> CountAsync(string table, string partitionKey, string? rowKeyPrefix = null) =>
        (await PartitionAsync(table, partitionKey, rowKeyPrefix)).Count;

    public async Task<TableEntity> EnrolmentAsync(string enrolmentId)
    {
        var session = enrolmentId[..enrolmentId.LastIndexOf('_')];
        var client = new TableClient(connectionString, "Enrolments");
        return (await client.GetEntityAsync<TableEntity>(session, "enrolment|" + enrolmentId)).Value;
    }
}
