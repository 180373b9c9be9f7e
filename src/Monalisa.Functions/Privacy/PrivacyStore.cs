using Azure;
using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Privacy;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.IntraRequests;
using Monalisa.Functions.Storage;
using static Monalisa.Functions.Enrolment.EnrolmentEntityMapping;

namespace Monalisa.Functions.Privacy;

/// <summary>Everything stored about one person, with the ETags an erasure needs.</summary>
internal sealed record PersonFile(
    string Email, IReadOnlyList<(StoredEnrolment Stored, PersonRoles Roles)> Enrolments, IReadOnlyList<(IntraRequestRecord Record, ETag ETag)> IntraRequests)
{
    public int Count => Enrolments.Count + IntraRequests.Count;
}

/// <summary>What one erasure did, record by record.</summary>
internal sealed record ErasureReport(int Erased, IReadOnlyList<(EnrolmentRecord Enrolment, EnrolmentState State)> StillEnrolled, IReadOnlyList<string> Kept);

/// <summary>
/// Finds a person across enrolments and intra requests, and writes their erasure. A search reads every enrolment (a scan:
/// a training body has a few thousand at most); addresses are kept in clear in the records because emails go to them,
/// so there is no index to keep in step. Each erased enrolment is replaced with If-Match together with its timeline
/// row, in one transaction: a change made meanwhile (a payment, a cancellation) makes the erasure read again.
/// </summary>
internal sealed class PrivacyStore(TableServiceClient tables, StorageSetup storage, IntraRequestStore intraRequests, TraineeLocks locks, TimeProvider clock)
{
    public async Task<PersonFile> FindAsync(string comparableEmail, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Enrolments);
        var enrolments = new List<(StoredEnrolment, PersonRoles)>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {Keys.EnrolmentPrefix} and RowKey lt {Keys.RangeEnd(Keys.EnrolmentPrefix)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var record = FromEntity(entity);
            if (PersonalData.RolesIn(record, comparableEmail) is { Any: true } roles) enrolments.Add((new StoredEnrolment(record, entity.ETag), roles));
        }
        var intra = await intraRequests.MentioningAsync(r => PersonalData.Mentions(r, comparableEmail), cancellationToken);
        return new PersonFile(comparableEmail, [.. enrolments.OrderBy(e => e.Item1.Record.CreatedAt)], intra);
    }

    /// <summary>Erases the person everywhere the domain allows; safe to run again (what is erased is no longer found).</summary>
    public async Task<ErasureReport> EraseAsync(string comparableEmail, Actor actor, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(TableNames.Enrolments);
        var erased = 0;
        var stillEnrolled = new List<(EnrolmentRecord, EnrolmentState)>();
        var kept = new List<string>();
        var file = await FindAsync(comparableEmail, cancellationToken);
        foreach (var (stored, _) in file.Enrolments)
        {
            var current = stored;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var now = clock.GetUtcNow();
                var decision = PersonalData.Erase(current.Record, comparableEmail, now);
                if (decision is Erasure.StillEnrolled still) { stillEnrolled.Add((current.Record, still.State)); break; }
                if (decision is not Erasure.Erased done) break;
                var row = TimelineRows.Row(done.After, "PersonErased", actor, current.Record.State, done.After.State,
                    new Dictionary<string, string> { ["trainees"] = done.ErasedTrainees.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, now);
                try
                {
                    await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(done.After), current.ETag),
                        new TableTransactionAction(TableTransactionActionType.Add, row),
                    ], cancellationToken);
                    // The locks are keyed hashes of the addresses: the erased trainees' go too (their session is over).
                    await locks.DeleteAsync(table, current.Record with { Trainees = [.. done.ErasedTrainees.Select(i => current.Record.Trainees[i])] }, cancellationToken);
                    erased++;
                    kept.AddRange(done.Kept);
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status is 412 or 409)
                {
                    // Changed meanwhile: decide again on what is stored now.
                    if (await table.GetEntityIfExistsAsync<TableEntity>(current.Record.SessionId, RowKey(current.Record), cancellationToken: cancellationToken) is not { HasValue: true } fresh) break;
                    current = new StoredEnrolment(FromEntity(fresh.Value!), fresh.Value!.ETag);
                }
            }
        }
        foreach (var (record, etag) in file.IntraRequests)
        {
            if (await intraRequests.ReplaceAsync(record with { Request = PersonalData.Erase(record.Request) }, etag, cancellationToken)) erased++;
        }
        return new ErasureReport(erased, stillEnrolled, kept.Distinct().ToList());
    }
}
