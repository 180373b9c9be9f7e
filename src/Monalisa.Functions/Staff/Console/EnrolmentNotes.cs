using Azure.Data.Tables;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Staff.Console;

/// <summary>
/// Staff notes on an enrolment: a timeline row of kind <see cref="Kind"/>, its author named by the identity provider.
/// A note changes nothing else, so it is one Add in the session's partition (its key is unique by time and a random part).
/// </summary>
internal sealed class EnrolmentNotes(TableServiceClient tables, StorageSetup storage, TimeProvider clock)
{
    public const string Kind = "NoteAdded";
    public const int MaxLength = 2000;
    public const string TextDetail = "text";

    public async Task AddAsync(EnrolmentRecord enrolment, Actor author, string text, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var row = TimelineRows.Row(enrolment, Kind, author, enrolment.State, enrolment.State,
            new Dictionary<string, string>(StringComparer.Ordinal) { [TextDetail] = text }, clock.GetUtcNow());
        await tables.GetTableClient(TableNames.Enrolments).AddEntityAsync(row, cancellationToken);
    }
}
