namespace Monalisa.Domain.Notices;

/// <summary>
/// An email a decision calls for: which one, to whom, and for which trainee. Not a stored row: the Functions app turns
/// notices into outbox records written in the same transaction as the change, so an email goes out if and only if the
/// change happened.
/// </summary>
public sealed record Notice(string Kind, RecipientRole Role, int? TraineeIndex = null)
{
    public static Notice ToPayer(string kind) => new(kind, RecipientRole.Payer);

    public static Notice ToStaff(string kind) => new(kind, RecipientRole.Staff);

    public static Notice ToTrainee(string kind, int index) => new(kind, RecipientRole.Trainee, index);

    public static Notice ToIntraContact(string kind) => new(kind, RecipientRole.IntraContact);
}
