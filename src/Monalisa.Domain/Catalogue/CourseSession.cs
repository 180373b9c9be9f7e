namespace Monalisa.Domain.Catalogue;

/// <summary>One dated run of a course, open to trainees from several organisations (inter).</summary>
public sealed record CourseSession
{
    public required string Id { get; init; }
    public required DateOnly Start { get; init; }
    public required DateOnly End { get; init; }
    public required string City { get; init; }
    public required string Venue { get; init; }
    public required string Address { get; init; }
    public required int Capacity { get; init; }

    /// <summary>True for the example sessions shipped before staff enter the real calendar.</summary>
    public bool IsExample { get; init; }

    /// <summary>Staff can close enrolment on a session before it starts.</summary>
    public bool Closed { get; init; }

    /// <summary>The days the session runs, first to last.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var day = Start; day <= End; day = day.AddDays(1))
            yield return day;
    }

    /// <summary>Where the session stands on <paramref name="today"/>: enrolment closes after the deadline's last day.</summary>
    public SessionStatus StatusOn(DateOnly today, int seatsLeft, EnrolmentDeadline deadline)
    {
        if (today > End) return SessionStatus.Past;
        if (Closed || today > deadline.LastEnrolmentDay(Start)) return SessionStatus.Closed;
        return seatsLeft <= 0 ? SessionStatus.Full : SessionStatus.Open;
    }
}

public enum SessionStatus { Open, Full, Closed, Past }
