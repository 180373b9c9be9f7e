using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Abuse;

/// <summary>
/// Anti-abuse settings (section <c>Abuse</c>): the secret that signs form tokens and hashes the keys of counters, the
/// form token's ages, the rate limits and the caps on places per payer and per client address. The defaults are those a person never meets.
/// </summary>
internal sealed class AbuseSettings
{
    /// <summary>At least 32 characters (Key Vault in Azure; a marked example value on the local host).</summary>
    public string Secret { get; set; } = "";

    /// <summary>Seconds a form must have been open before it is sent (<c>Abuse:FormMinimumSeconds</c>).</summary>
    public int FormMinimumSeconds { get; set; } = 3;

    /// <summary>Hours a form token stays valid (<c>Abuse:FormMaximumHours</c>); a page left open longer just fetches a new one.</summary>
    public int FormMaximumHours { get; set; } = 24;

    /// <summary>
    /// Places one payer email may hold in one session, all its enrolments together (<c>Abuse:MaxPlacesPerPayer</c>).
    /// 6: from 6 trainees on, the intra flat rate (1 500 € a day) costs no more than the inter rate (250 € a day each),
    /// and a group that size takes half of a usual 12-place session; larger groups ask for an intra session.
    /// </summary>
    public int MaxPlacesPerPayer { get; set; } = 6;

    /// <summary>
    /// Places one client address (<see cref="ClientAddress"/>) may hold in one session, all its enrolments together,
    /// whatever payer email each gives (<c>Abuse:MaxPlacesPerAddress</c>): without it, one script fills a session with a
    /// fresh payer email per request. 6, for the same reason as <see cref="MaxPlacesPerPayer"/>. An office whose staff
    /// share one address and enrol more people than that in one session goes through an intra request or the training
    /// team, who enrol them by hand.
    /// </summary>
    public int MaxPlacesPerAddress { get; set; } = 6;

    /// <summary>
    /// Proxies that append to <c>X-Forwarded-For</c> in front of the app (<c>Abuse:ForwardedHops</c>): 1 for the App
    /// Service front end alone, 2 with Azure Front Door before it. The client's address is the entry that many places
    /// from the right: entries to its left were written by the client and prove nothing.
    /// </summary>
    public int ForwardedHops { get; set; } = 1;

    /// <summary>Rate limits on the public write endpoints (<c>Abuse:RateLimitsEnabled</c>); off only in tests that are not about them.</summary>
    public bool RateLimitsEnabled { get; set; } = true;

    /// <summary>
    /// Per client address: enrolments and intra requests sent, per hour (<c>Abuse:SubmissionsPerAddressPerHour</c>).
    /// Only forms that passed the token check count; 30 leaves room for an office behind one address.
    /// </summary>
    public int SubmissionsPerAddressPerHour { get; set; } = 30;

    /// <summary>
    /// Per payer or contact email: enrolments and intra requests sent, per hour (<c>Abuse:SubmissionsPerEmailPerHour</c>).
    /// 10: an accountant enrolling colleagues one by one on several sessions stays under it.
    /// </summary>
    public int SubmissionsPerEmailPerHour { get; set; } = 10;

    /// <summary>Per client address: withdrawal and instalment links opened or posted, per hour (<c>Abuse:LinksPerAddressPerHour</c>).</summary>
    public int LinksPerAddressPerHour { get; set; } = 30;

    /// <summary>Per enrolment: withdrawal and instalment links opened or posted, per hour (<c>Abuse:LinksPerEnrolmentPerHour</c>).</summary>
    public int LinksPerEnrolmentPerHour { get; set; } = 10;

    public FormTokenRules FormRules => new(
        TimeSpan.FromSeconds(Math.Clamp(FormMinimumSeconds, 0, 600)),
        TimeSpan.FromHours(Math.Max(FormMaximumHours, 1)));

    /// <summary>One key per use, derived from the secret, so that a token signature never doubles as a counter's key.</summary>
    public byte[] KeyFor(string purpose) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(purpose));
}

/// <summary>Refuses, at start, a secret too short to sign anything, and limits that would let nobody through.</summary>
internal sealed class AbuseSettingsValidator : IValidateOptions<AbuseSettings>
{
    public const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, AbuseSettings options)
    {
        if (string.IsNullOrWhiteSpace(options.Secret) || options.Secret.Trim().Length < MinimumSecretLength)
            return ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.AbuseSecret} doit être un secret d'au moins {MinimumSecretLength} caractères (Key Vault).");
        if (options.MaxPlacesPerPayer < 1)
            return ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.AbuseSection}:MaxPlacesPerPayer doit valoir au moins 1.");
        if (options.MaxPlacesPerAddress < 1)
            return ValidateOptionsResult.Fail($"Configuration incomplète : {SettingNames.AbuseSection}:MaxPlacesPerAddress doit valoir au moins 1.");
        if (new[] { options.SubmissionsPerAddressPerHour, options.SubmissionsPerEmailPerHour, options.LinksPerAddressPerHour, options.LinksPerEnrolmentPerHour }.Any(n => n < 1))
            return ValidateOptionsResult.Fail($"Configuration incomplète : chaque limite de la section {SettingNames.AbuseSection} doit valoir au moins 1.");
        return ValidateOptionsResult.Success;
    }
}
