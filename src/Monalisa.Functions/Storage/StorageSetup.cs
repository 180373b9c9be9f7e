using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Monalisa.Functions.Storage;

/// <summary>
/// Creates the tables and queues the app uses if they are missing. In Azure the Bicep template creates them first;
/// locally and in tests Azurite starts empty. Runs once per process, on first use.
/// </summary>
internal sealed class StorageSetup(TableServiceClient tables, QueueServiceClient queues)
{
    private Task? _created;

    /// <summary>Cheap after the first success; a failure (storage down) is retried on the next call.</summary>
    public Task EnsureCreatedAsync()
    {
        var created = _created;
        if (created is { IsCompletedSuccessfully: true }) return created;
        return _created = CreateAsync(tables, queues);
    }

    /// <summary>
    /// All at once, not one after the other: this runs on the first request of each new instance, and a dozen
    /// round trips in a row were most of the first visitor's wait (the cold start of the speed issue).
    /// </summary>
    private static Task CreateAsync(TableServiceClient tables, QueueServiceClient queues) =>
        Task.WhenAll(TableNames.All.Select(async name =>
            {
                try { await tables.CreateTableIfNotExistsAsync(name); }
                catch (RequestFailedException e) when (e.Status == 409) { }
            })
            .Concat(QueueNames.All.Select(async name =>
            {
                try { await queues.GetQueueClient(name).CreateIfNotExistsAsync(); }
                catch (RequestFailedException e) when (e.Status == 409) { }
            })));
}
