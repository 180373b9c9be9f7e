using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Storage;

namespace Monalisa.LocalHost;

/// <summary>
/// Runs the queue-triggered functions as the Functions host would: receives messages, invokes the function, deletes
/// the message on success, leaves it for redelivery on failure, and moves it to <c>{queue}-poison</c> after
/// <see cref="MaxDequeueCount"/> deliveries (host.json). Polls every <c>LocalHost:QueueSeconds</c> (0 = never: tests
/// drain the queues through <c>POST /_dev/queues/run</c>, so emails go out exactly when they ask).
/// </summary>
internal sealed class LocalQueues(IServiceProvider services, IConfiguration configuration, ILogger<LocalQueues> logger) : BackgroundService
{
    /// <summary>host.json's extensions.queues.maxDequeueCount and visibilityTimeout.</summary>
    public const int MaxDequeueCount = 5;
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue<double>("LocalHost:QueueSeconds");
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await DrainAsync(services, logger, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Local queue runner failed; next tick.");
            }
        }
    }

    /// <summary>Processes every message visible now, in every queue that has a function, until the queues are empty.</summary>
    public static async Task<DrainResult> DrainAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync();
        var queues = services.GetRequiredService<QueueServiceClient>();
        var result = new DrainResult();
        foreach (var function in FunctionCatalog.QueueFunctions())
        {
            var queue = queues.GetQueueClient(function.QueueName);
            while (true)
            {
                var messages = (await queue.ReceiveMessagesAsync(32, VisibilityTimeout, cancellationToken)).Value;
                if (messages.Length == 0) break;
                foreach (var message in messages)
                    await RunOneAsync(services, queues, queue, function, message, result, logger, cancellationToken);
            }
        }
        return result;
    }

    private static async Task RunOneAsync(IServiceProvider services, QueueServiceClient queues, QueueClient queue, QueueFunction function,
        QueueMessage message, DrainResult result, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await InvokeAsync(services, function, message.MessageText, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            result.Processed++;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Queue function {Function} failed on message {MessageId} (delivery {Count}).", function.Name, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= MaxDequeueCount)
            {
                var poison = queues.GetQueueClient(function.QueueName + "-poison");
                await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await poison.SendMessageAsync(message.MessageText, cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                result.Poisoned++;
            }
            else
            {
                // Left invisible for the visibility timeout, then delivered again, as in Azure.
                result.Failed++;
            }
        }
    }

    private static async Task InvokeAsync(IServiceProvider services, QueueFunction function, string messageText, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = scope.ServiceProvider.GetRequiredService(function.Type);
        var args = function.Method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(CancellationToken) => cancellationToken,
            var t when t == typeof(string) => messageText,
            var t when t == typeof(BinaryData) => BinaryData.FromString(messageText),
            var t => JsonSerializer.Deserialize(messageText, t, JsonSerializerOptions.Web),
        }).ToArray();
        await (Task)function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, args, null)!;
    }
}

internal sealed class DrainResult
{
    public int Processed { get; set; }
    public int Failed { get; set; }
    public int Poisoned { get; set; }
}

internal static class LocalQueueEndpoints
{
    public static IEndpointRouteBuilder MapQueueRunner(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/_dev/queues/run", async (IServiceProvider services, ILogger<LocalQueues> logger, CancellationToken cancellationToken) =>
            Results.Ok(await LocalQueues.DrainAsync(services, logger, cancellationToken))).DisableAntiforgery();
        return endpoints;
    }
}
