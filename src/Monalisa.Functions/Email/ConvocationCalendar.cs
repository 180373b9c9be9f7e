using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Storage;

namespace Monalisa.Functions.Email;

/// <summary>
/// The convocation's .ics: one VEVENT per day, at the course's daily hours in Europe/Paris.
/// A UID is stable per trainee, session and day, so a later convocation updates the same agenda entries rather than
/// adding new ones; SEQUENCE tells calendars which version is newer (see <see cref="CalendarSequences"/>).
/// </summary>
internal static class ConvocationCalendar
{
    public const string TimeZone = "Europe/Paris";
    public const string FileName = "convocation.ics";
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    /// <param name="organizer">RFC 5546 §3.2.1 requires ORGANIZER on a PUBLISH event: the training contact.</param>
    /// <param name="contact">The address quoted in the description, as in the email's own text.</param>
    public static byte[] Build(Course course, CourseSession session, string traineeEmail, int sequence, TrainingContact organizer, string contact, DateTimeOffset now) =>
        Compose(course, session, traineeEmail, sequence, organizer, contact, now, cancel: false);

    private static byte[] Compose(Course course, CourseSession session, string traineeEmail, int sequence, TrainingContact organizer, string contact, DateTimeOffset now, bool cancel)
    {
        var calendar = new Calendar { ProductId = "-//MONALISA//Formations//FR", Method = cancel ? "CANCEL" : "PUBLISH" };
        calendar.AddTimeZone(TimeZone);
        var days = session.Days().ToList();
        for (var i = 0; i < days.Count; i++)
        {
            var day = new CalendarEvent
            {
                Uid = Uid(session.Id, traineeEmail, days[i]),
                Sequence = sequence,
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC", true),
                DtStart = new CalDateTime(days[i], course.Schedule.Start, TimeZone),
                DtEnd = new CalDateTime(days[i], course.Schedule.End, TimeZone),
                Summary = days.Count > 1 ? $"Formation MONALISA : {course.Title} (jour {i + 1}/{days.Count})" : $"Formation MONALISA : {course.Title}",
                Location = $"{session.Venue}, {session.Address}",
                Description = $"{course.Title}\n{session.Venue}\n{session.Address}\nContact : {contact}",
                Organizer = new Organizer("mailto:" + organizer.Email) { CommonName = organizer.Name },
                Status = cancel ? "CANCELLED" : "CONFIRMED",
            };
            // CANCEL names the attendee the cancellation is for (RFC 5546 §3.2.5).
            if (cancel) day.Attendees.Add(new Attendee("mailto:" + traineeEmail));
            calendar.Events.Add(day);
        }
        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar)!);
    }

    public const string CancelFileName = "annulation.ics";
    public const string CancelContentType = "text/calendar; charset=utf-8; method=CANCEL";

    /// <summary>
    /// Withdraws a trainee's convocation events from their calendar (RFC 5546 §3.2.5): METHOD:CANCEL, the same UID per
    /// day as the convocation, STATUS:CANCELLED and a SEQUENCE above the convocation's, so the calendar applies it.
    /// </summary>
    public static byte[] BuildCancel(Course course, CourseSession session, string traineeEmail, int sequence, TrainingContact organizer, string contact, DateTimeOffset now) =>
        Compose(course, session, traineeEmail, sequence, organizer, contact, now, cancel: true);

    /// <summary>A hash, so the UID carries no address in clear and is the same every time it is computed.</summary>
    public static string Uid(string sessionId, string traineeEmail, DateOnly day)
    {
        var key = $"{sessionId}|{traineeEmail.Trim().ToLowerInvariant()}|{day:yyyy-MM-dd}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + "@formations.monalisa-asso.fr";
    }

    /// <summary>What a trainee's agenda must follow: dates, hours, place, title.</summary>
    public static string Fingerprint(Course course, CourseSession session) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|',
            session.Start.ToString("O"), session.End.ToString("O"), course.Schedule.Start.ToString("O"), course.Schedule.End.ToString("O"),
            session.Venue, session.Address, course.Title))));
}

/// <summary>
/// The person a trainee reaches about a session, as settings.yml's <c>Contact</c> publishes it on the site and in the
/// contract: the organizer of the convocation's events (the sending address is a mailbox, not a person in charge).
/// </summary>
internal sealed record TrainingContact(string Name, string Email);

/// <summary>
/// SEQUENCE per session, stored next to its enrolments (<c>calendar|sequence</c> in the session's partition) with the
/// fingerprint of the session it describes: it starts at 0 and grows by one each time a convocation is built for a
/// session whose dates, hours or place changed. A hash alone cannot be a SEQUENCE (it must only increase), and the
/// course file's « Updated » date is course-wide and easy to forget, hence this small stored counter.
/// </summary>
internal sealed class CalendarSequences(TableServiceClient tables, StorageSetup storage)
{
    public const string RowKey = "calendar|sequence";

    private sealed record Sequence(int Value);

    public async Task<int> CurrentAsync(Course course, CourseSession session, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var table = tables.GetTableClient(TableNames.Enrolments);
        var fingerprint = ConvocationCalendar.Fingerprint(course, session);
        var sequence = await OptimisticRetry.RunAsync(
            _ => TryCurrentAsync(table, session.Id, fingerprint, cancellationToken),
            () => throw new InvalidOperationException($"Calendar sequence of session {session.Id} kept changing."),
            cancellationToken, maxAttempts: 10);
        return sequence.Value;
    }

    /// <summary>The stored sequence, moved on if the session changed; null if another convocation wrote first.</summary>
    private static async Task<Sequence?> TryCurrentAsync(TableClient table, string sessionId, string fingerprint, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, RowKey, cancellationToken: cancellationToken);
        try
        {
            if (!found.HasValue)
            {
                await table.AddEntityAsync(new TableEntity(sessionId, RowKey) { ["Fingerprint"] = fingerprint, ["Sequence"] = 0 }, cancellationToken);
                return new Sequence(0);
            }
            var current = found.Value!;
            var sequence = current.GetInt32("Sequence") ?? 0;
            if (current.GetString("Fingerprint") == fingerprint) return new Sequence(sequence);
            var next = new TableEntity(sessionId, RowKey) { ["Fingerprint"] = fingerprint, ["Sequence"] = sequence + 1 };
            await table.UpdateEntityAsync(next, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return new Sequence(sequence + 1);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null; // Another convocation got there first: read its result.
        }
    }
}
