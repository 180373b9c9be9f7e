using Monalisa.Domain.Bpf;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Invoicing;

namespace Monalisa.Functions.Bpf;

/// <summary>
/// Gathers what the BPF of a year is computed from, through the owners' read APIs (the ledger, the enrolment store, the
/// attendance summaries, the catalogue), and hands it to <see cref="BpfCalculator"/>. Reads only: nothing is stored.
/// </summary>
internal sealed class BpfYearReader(InvoiceLedger ledger, EnrolmentStore enrolments, AttendanceSummaries attendance, CourseCatalogue catalogue,
    TraineeLocks locks, TimeProvider clock)
{
    /// <summary>The first year the product can hold (before it, nothing was recorded here).</summary>
    public const int FirstYear = 2020;

    public DateOnly Today => clock.Today();

    /// <summary>A year the BPF can be asked for: from <see cref="FirstYear"/> to the current one (still running).</summary>
    public bool Accepts(int year) => year >= FirstYear && year <= Today.Year;

    public async Task<BpfReport> ReportAsync(int year, CancellationToken cancellationToken)
    {
        var documents = (await ledger.ListAsync(null, cancellationToken))
            .Where(d => d.Document.IssueDate.Year == year)
            .Select(d => BpfDocument.From(d.Document))
            .ToList();
        var summaries = (await attendance.AllAsync(cancellationToken))
            .Where(s => s.HalfDays.Any(h => h.Date.Year == year))
            .ToList();

        // The sessions of the year: in the catalogue, in attendance, or billed in the year.
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var course in catalogue.Courses)
            foreach (var session in course.Sessions.Where(s => s.Start.Year == year || s.End.Year == year))
                sessions.Add(session.Id);
        foreach (var summary in summaries) sessions.Add(summary.SessionId);
        var records = new Dictionary<string, EnrolmentRecord>(StringComparer.Ordinal);
        foreach (var sessionId in sessions)
            foreach (var record in await enrolments.ForSessionAsync(sessionId, cancellationToken))
                records.TryAdd(record.Id, record);
        foreach (var id in documents.Select(d => d.EnrolmentId).Distinct(StringComparer.Ordinal).Where(id => !records.ContainsKey(id)))
            if (await enrolments.GetAsync(id, cancellationToken) is { } record)
                records[id] = record;

        var inputs = new BpfInputs(year, Today, documents,
            [.. records.Values.Select(r => BpfEnrolment.From(r, catalogue.FindSession(r.SessionId)?.Session.Start ?? DateOnly.FromDateTime(r.SessionEnd.UtcDateTime), locks.TraineeKey))],
            summaries,
            catalogue.Courses.ToDictionary(c => c.Slug, c => c.Bpf, StringComparer.Ordinal));
        return BpfCalculator.Compute(inputs);
    }
}
