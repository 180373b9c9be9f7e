using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Payments;

/// <summary>
/// Carries out the refund rows (<c>refund|{paymentIntentId}</c>) that decisions write with their change: a second
/// payment of an instalment, a payment for a cancelled enrolment. Each is asked of Stripe with an idempotency key
/// derived from the payment, then marked done; two runs at once, or a redelivered event, never refund twice.
/// </summary>
internal sealed class RefundQueue(TableServiceClient tables, StorageSetup storage, IRefundGateway refunds, TimeProvider clock, ILogger<RefundQueue> logger)
{
    /// <summary>Refunds what is pending, in one session (right after a webhook) or everywhere (the timer).</summary>
    public async Task<int> DrainAsync(string? sessionId, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Enrolments);
        var pending = sessionId is null
            ? table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                $"RowKey ge {Keys.RefundPrefix} and RowKey lt {Keys.RangeEnd(Keys.RefundPrefix)} and Status eq {RefundColumns.Pending}"), cancellationToken: cancellationToken)
            : table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                $"PartitionKey eq {sessionId} and RowKey ge {Keys.RefundPrefix} and RowKey lt {Keys.RangeEnd(Keys.RefundPrefix)} and Status eq {RefundColumns.Pending}"), cancellationToken: cancellationToken);
        var done = 0;
        await foreach (var row in pending)
        {
            var payment = row.GetString(RefundColumns.PaymentIntentId);
            if (await ClaimAsync(table, row, cancellationToken) is not { } claimed) continue;
            // A keyed row (a cancellation) refunds its amount under its own key; an older row refunds the whole payment.
            var key = claimed.GetString(RefundColumns.Key);
            var asked = key is null
                ? await refunds.RefundAsync(payment, RefundKeys.Payment(payment), row.GetString(RefundColumns.EnrolmentId), cancellationToken)
                : await refunds.RefundAsync(payment, claimed.GetInt64(RefundColumns.AmountCents), RefundKeys.Row(key), row.GetString(RefundColumns.EnrolmentId), cancellationToken);
            if (!asked) continue;
            row[RefundColumns.Status] = RefundColumns.Done;
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
                done++;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                logger.LogInformation("Refund row of {EnrolmentId} marked done by another run.", row.GetString(RefundColumns.EnrolmentId));
            }
        }
        return done;
    }

    /// <summary>How long a run may take to ask Stripe before another run may ask again (same idempotency key).</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Marks the row as being asked of Stripe (If-Match), so that two runs at once (the staff action's and the timer's)
    /// send one request; the row as claimed, or null when another run holds it.
    /// </summary>
    private async Task<TableEntity?> ClaimAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (row.GetDateTimeOffset(RefundColumns.ClaimedUntil) is { } until && until > now) return null;
        row[RefundColumns.ClaimedUntil] = now + ClaimFor;
        try
        {
            var response = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
            row.ETag = response.Headers.ETag ?? ETag.All;
            return row;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }
}
