namespace Monalisa.Domain.Timeline;

/// <summary>Who made a change happen: what the enrolment's timeline names beside each act.</summary>
public enum ActorKind
{
    /// <summary>A timer or the product itself (« système »).</summary>
    System,
    /// <summary>A Stripe event (payment, expiry, refund).</summary>
    Stripe,
    /// <summary>A signed-in staff member, named.</summary>
    Staff,
    /// <summary>The person who sent the request, through a link of theirs (withdrawal, waiting-list offer).</summary>
    Payer,
}

/// <summary>
/// The author of an act on an enrolment. A staff member is named by their identity provider's display name, never by
/// something they typed: the timeline is the record of who did what.
/// </summary>
public sealed record Actor(ActorKind Kind, string? Name = null)
{
    public static readonly Actor System = new(ActorKind.System);
    public static readonly Actor Stripe = new(ActorKind.Stripe);
    public static readonly Actor Payer = new(ActorKind.Payer);

    public static Actor Staff(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A staff act needs the person's name.", nameof(name)) : new(ActorKind.Staff, name.Trim());
}
