using Microsoft.Extensions.Options;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Enrolment;

/// <summary>Enrolment settings (section <c>Enrolment</c>, plus the site's origin and the retention), with the defaults the association asked for.</summary>
internal sealed class EnrolmentOptions
{
    /// <summary>How long a card enrolment holds its places, in minutes (<c>Enrolment:HoldMinutes</c>).</summary>
    public int HoldMinutes { get; set; } = 30;

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

    // Stripe Checkout accepts an expiry between 30 minutes and 24 hours; out-of-range settings are brought back in range.
    public TimeSpan Hold => TimeSpan.FromMinutes(Math.Clamp(HoldMinutes, 30, 24 * 60));

    public TimeSpan InstalmentGrace => TimeSpan.FromDays(Math.Clamp(InstalmentGraceDays, 1, 60));

    public string SitePage(string path, string? query = null) =>
        new Uri(SiteBaseUrl, path.TrimStart('/')) + (query is null ? "" : "?" + query);
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
        return ValidateOptionsResult.Success;
    }
}
