using Monalisa.Domain.Notices;

namespace Monalisa.Domain.Enrolment;

/// <summary>A trainee whose place went to another person of the same organisation (staff console, « remplacer »).</summary>
/// <param name="Trainee">The person who left.</param>
/// <param name="ReplacedBy">The address of the person who took the place (so that a repeated request changes nothing).</param>
/// <param name="Index">Their index in <c>Trainees</c>, which the new person now holds.</param>
/// <param name="HadConvocation">They were sent a convocation: its calendar entry is withdrawn.</param>
public sealed record ReplacedTrainee(Trainee Trainee, string ReplacedBy, int Index, DateTimeOffset At, string? By, bool HadConvocation);

/// <summary>
/// Replacing a trainee: same enrolment, same place, same price, another person. The payer (the organisation) sends
/// someone else; nothing is refunded nor owed. Only while the places are held and the session has not started, and not
/// for a self-funded contract (it binds the trainee personally: a new person signs a new contract).
/// </summary>
internal static class StaffReplacement
{
    public static Decision Replace(EnrolmentRecord before, EnrolmentCommand.TraineeReplaced command, DateTimeOffset now)
    {
        var replacement = command.Replacement;
        // Sent twice (a double click, two staff members, a retried form): the first one did it.
        if (before.ReplacedTrainees.Any(r => Same(r.Trainee.Email, command.TraineeEmail) && Same(r.ReplacedBy, replacement.Email))
            || Same(command.TraineeEmail, replacement.Email) && before.Trainees.Any(t => Same(t.Email, replacement.Email)))
            return new Decision.Unchanged();
        var index = -1;
        for (var i = 0; i < before.Trainees.Count; i++) if (Same(before.Trainees[i].Email, command.TraineeEmail)) index = i;
        if (index < 0 || !CanReplace(before, command.Today, command.SessionStart)) return new Decision.Refused();
        // The new person must not be in this enrolment already (the lock would say so too, but only at the commit).
        if (before.Trainees.Where((_, i) => i != index).Any(t => Same(t.Email, replacement.Email))) return new Decision.Refused();

        var old = before.Trainees[index];
        var taking = Takes(old, replacement, now);
        var hadConvocation = CancellationTerms.IsFinal(before.State);
        var after = before with
        {
            Trainees = [.. before.Trainees.Select((t, i) => i == index ? taking : t)],
            ReplacedTrainees = [.. before.ReplacedTrainees, new ReplacedTrainee(old, taking.Email, index, now, command.By, hadConvocation)],
            UpdatedAt = now,
        };
        var number = after.ReplacedTrainees.Count - 1;
        List<Notice> notices = [new Notice(EmailKind.TraineeReplaced, RecipientRole.Payer, number)];
        // Before the convocation nobody was convened: the new person gets theirs with everyone's, at the confirmation.
        if (hadConvocation)
        {
            notices.Add(Notice.ToTrainee(EmailKind.Convocation, index));
            notices.Add(new Notice(EmailKind.TraineeCancelled, RecipientRole.ReplacedTrainee, number));
        }
        notices.Add(Notice.ToStaff(EmailKind.StaffReplacement));
        return new Decision.Write(new EnrolmentDecision(after, SeatChange.SwapLocks, notices));
    }

    /// <summary>The places are held (paid, confirmed or on hold), the session has not started, and no personal contract binds the trainee.</summary>
    public static bool CanReplace(EnrolmentRecord enrolment, DateOnly today, DateOnly sessionStart) =>
        enrolment.State is EnrolmentState.PendingPayment or EnrolmentState.AwaitingInvoice or EnrolmentState.Confirmed
        && !enrolment.SelfFunded && enrolment.AnonymisedAt is null && today < sessionStart;

    /// <summary>
    /// The new person takes the old one's organisation and category, so the price does not change. A volunteer is
    /// replaced by a volunteer of the same association; the declaration was not made by the new person, so it awaits
    /// staff's approval (the console's volunteer decision) as a card enrolment's does.
    /// </summary>
    private static Trainee Takes(Trainee old, Trainee replacement, DateTimeOffset now) => replacement with
    {
        Organisation = old.Organisation,
        Category = old.Category,
        VolunteerDeclaration = old.VolunteerDeclaration is { } declaration
            ? new VolunteerDeclaration(declaration.Association, now) { AwaitsApproval = true }
            : null,
    };

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
