using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.WaitingList;

/// <summary>What a move of trainees writes: the enrolment in the target session, and the source as it becomes.</summary>
/// <param name="Target">The new enrolment in the target session (its places are the store's to pick there).</param>
/// <param name="SourceAfter">The source without the moved trainees (<see cref="EnrolmentState.MovedOut"/> when all moved).</param>
/// <param name="ReleasedSeats">The source's places given back (to its waiting list first).</param>
/// <param name="TargetNotices">Convocations for the new session, when the places there are confirmed.</param>
public sealed record MovePlan(EnrolmentRecord Target, EnrolmentRecord SourceAfter, IReadOnlyList<int> ReleasedSeats, IReadOnlyList<Notice> TargetNotices);

public abstract record MoveDecision
{
    public sealed record Move(MovePlan Plan) : MoveDecision;
    /// <summary>Only an enrolment that holds its places for sure (confirmed, or awaiting its invoice) is moved.</summary>
    public sealed record WrongState(EnrolmentState State) : MoveDecision;
    public sealed record SameSession : MoveDecision;
    public sealed record OtherCourse : MoveDecision;
    public sealed record UnknownTrainee(int Index) : MoveDecision;
}

/// <summary>
/// Staff move some or all trainees of an enrolment to another session of the same course. The moved trainees keep their
/// price: the target's quote lines are the source's, per category, for the moved trainees only (unit price unchanged),
/// and the source keeps the rest. Money already received stays recorded on the source, for staff to settle.
/// </summary>
public static class TraineeMove
{
    public static MoveDecision Decide(EnrolmentRecord source, IReadOnlyList<int>? traineeIndexes, string targetId, string targetSessionId,
        string targetCourseSlug, DateTimeOffset targetSessionEnd, DateTimeOffset now)
    {
        if (source.State is not (EnrolmentState.Confirmed or EnrolmentState.AwaitingInvoice)) return new MoveDecision.WrongState(source.State);
        if (targetSessionId == source.SessionId) return new MoveDecision.SameSession();
        if (targetCourseSlug != source.CourseSlug) return new MoveDecision.OtherCourse();
        var indexes = (traineeIndexes is { Count: > 0 } ? traineeIndexes : Enumerable.Range(0, source.Trainees.Count).ToList()).Distinct().Order().ToList();
        if (indexes.FirstOrDefault(i => i < 0 || i >= source.Trainees.Count, -1) is var bad and >= 0) return new MoveDecision.UnknownTrainee(bad);

        var moved = indexes.Select(i => source.Trainees[i]).ToList();
        var stay = source.Trainees.Where((_, i) => !indexes.Contains(i)).ToList();
        var movedLines = Lines(source, moved);
        var targetTotal = movedLines.Sum(l => Money.ToCents(l.Amount));
        var all = stay.Count == 0;
        var target = source with
        {
            Id = targetId,
            SessionId = targetSessionId,
            SessionEnd = targetSessionEnd,
            Trainees = moved,
            Seats = [],
            Lines = movedLines,
            TotalCents = all ? source.TotalCents : targetTotal,
            CreatedAt = now,
            UpdatedAt = now,
            CheckoutSessionId = null,
            CheckoutUrl = null,
            // Money stays recorded where it was received; a whole move carries it along.
            PaymentReference = all ? source.PaymentReference : null,
            PaidAt = all ? source.PaidAt : null,
            PaidAmountCents = all ? source.PaidAmountCents : null,
            StaffAttention = all ? source.StaffAttention : SplitNote(source),
            // The convention accepted named the old session's dates: the new one is accepted afresh (its own text and hash).
            ConventionAcceptance = null,
        };
        // The source's last places are given back (which numbers does not matter to anyone).
        var released = source.Seats.Skip(stay.Count).ToList();
        var sourceAfter = all
            ? source with { State = EnrolmentState.MovedOut, Seats = [], HoldExpiresAt = null, UpdatedAt = now }
            : source with
            {
                Trainees = stay,
                Seats = [.. source.Seats.Take(stay.Count)],
                Lines = Lines(source, stay),
                TotalCents = source.TotalCents - targetTotal,
                StaffAttention = source.PaidAmountCents is > 0 ? SplitNote(source) : source.StaffAttention,
                UpdatedAt = now,
            };
        var notices = target.State == EnrolmentState.Confirmed
            ? Enumerable.Range(0, moved.Count).Select(i => Notice.ToTrainee(EmailKind.Convocation, i)).ToList()
            : [];
        return new MoveDecision.Move(new MovePlan(target, sourceAfter, released, notices));
    }

    private static string SplitNote(EnrolmentRecord source) =>
        $"Inscription scindée par un déplacement de stagiaires (origine {source.Id}) : vérifier la facturation et ce qui a été réglé.";

    /// <summary>The source's lines for these trainees: same unit price and days, quantity and amount for them only.</summary>
    private static List<QuoteLine> Lines(EnrolmentRecord source, IReadOnlyList<Trainee> trainees)
    {
        var counts = trainees.GroupBy(t => QuoteCategories.For(t.Category)).ToDictionary(g => g.Key, g => g.Count());
        return [.. source.Lines
            .Where(l => counts.ContainsKey(l.Category))
            .Select(l => l with { Quantity = counts[l.Category], Amount = l.UnitPricePerDay * l.Days * counts[l.Category] })];
    }
}
