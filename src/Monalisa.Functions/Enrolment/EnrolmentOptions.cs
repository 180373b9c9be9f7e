using Microsoft.Extensions.Options;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Enrolment;

/// <summary>Enrolment settings (section <c>Enrolment</c>, plus the site's origin and the retention), with the defaults the association asked for.</summary>
internal sealed class EnrolmentOptions
{
    /// <summary>
    /// How long a card enrolment's Stripe Checkout stays open, in minutes (<c>Enrolment:HoldMinutes</c>); the places are
    /// held a little longer (<see cref="HoldPolicy.CardHold"/>).
    /// </summary>
    public int HoldMinutes { get; set; } = 30;

    /// <summary>Self-funded, card not yet saved: minutes the place is held (<c>Enrolment:SelfFundedSetupHoldMinutes</c>).</summary>
    public int SelfFundedSetupHoldMinutes { get; set; } = 60;

    /// <summary>Invoice: days the places are held before the enrolment lapses unless staff confirm or extend it (<c>Enrolment:InvoiceHoldDays</c>).</summary>
    public int InvoiceHoldDays { get; set; } = 7;

    /// <summary>Invoice: staff are reminded this many days before the hold lapses (<c>Enrolment:InvoiceReminderDays</c>).</summary>
    public int InvoiceReminderDays { get; set; } = 2;

    /// <summary>Self-funded: days the place stays held after an instalment failed (<c>Enrolment:InstalmentGraceDays</c>).</summary>
    public int InstalmentGraceDays { get; set; } = 7;

    /// <summary><c>Enrolment:VolunteerCardNeedsApproval</c>: volunteer declarations of card enrolments are marked for staff approval (off by default).</summary>
    public bool VolunteerCardNeedsApproval { get; set; }

    /// <summary>Months after a session's end before its enrolments are anonymised (<c>Retention:Months</c>).</summary>
    public int RetentionMonths { get; set; } = 36;

    /// <summary>The public site's origin as configured (<c>Site:BaseUrl</c>).</summary>
    public string SiteOrigin { get; set; } = "http://localhost:7071";

    /// <summary>The site's origin, always ending with "/" so that pages resolve under it.</summary>
    public Uri SiteBaseUrl => new(SiteOrigin.TrimEnd('/') + "/");

    // Stripe Checkout accepts an expiry between 30 minutes and 24 hours; out-of-range settings are brought back in range,
    // leaving room for the margins.
    /// <summary>A card hold: the Checkout's life plus the margins that make the hold outlive it.</summary>
    public TimeSpan Hold => HoldPolicy.CardHold(TimeSpan.FromMinutes(Math.Clamp(HoldMinutes, 30, 23 * 60)));

    /// <summary>How long each kind of hold lasts, for the domain.</summary>
    public HoldPolicy Holds => new(
        Max(TimeSpan.FromMinutes(Math.Min(SelfFundedSetupHoldMinutes, 23 * 60)), HoldPolicy.ShortestSetupHold),
        TimeSpan.FromDays(Math.Clamp(InvoiceHoldDays, 1, 90)),
        TimeSpan.FromDays(Math.Clamp(InvoiceReminderDays, 0, 90)));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public TimeSpan InstalmentGrace => TimeSpan.FromDays(Math.Clamp(InstalmentGraceDays, 1, 60));

    public string SitePage(string path, string? query = null) =>
        new Uri(SiteBaseUrl, path.TrimStart('/')) + (query is null ? "" : "?" + query);

    /// <summary>Waiting list: hours an offer holds the freed places for the person in line (<c>Enrolment:WaitingListOfferHours</c>).</summary>
    public int WaitingListOfferHours { get; set; } = 48;

    public const string WaitingListOfferHoursSetting = "Enrolment:WaitingListOfferHours";

    /// <summary>The longest offer: beyond two weeks a freed place would sit empty too long for a session weeks away.</summary>
    public const int MaxWaitingListOfferHours = 14 * 24;

    public TimeSpan WaitingListOffer => TimeSpan.FromHours(WaitingListOfferHours);
}

/// <summary>Refuses, at start, a site origin links could not be built from.</summary>
internal sealed class EnrolmentOptionsValidator : IValidateOptions<EnrolmentOptions>
{
    public ValidateOptionsResult Validate(string? name, EnrolmentOptions options)
    {
        if (!Uri.TryCreate(options.SiteOrigin, UriKind.Absolute, out var site) || site.Scheme is not ("http" or "https"))
            return ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.SiteBaseUrl} doit être une adresse http(s) absolue.");
        if (options.RetentionMonths < 1)
            return ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.RetentionMonths} doit valoir au moins 1.");
        if (options.WaitingListOfferHours is < 1 or > EnrolmentOptions.MaxWaitingListOfferHours)
            return ValidateOptionsResult.Fail($"Configuration incomplète : {EnrolmentOptions.WaitingListOfferHoursSetting} doit être compris entre 1 et {EnrolmentOptions.MaxWaitingListOfferHours} heures.");
        return ValidateOptionsResult.Success;
    }
}
