using Microsoft.Extensions.Configuration;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Enrolment;

/// <summary>Enrolment settings, with the defaults the association asked for.</summary>
internal sealed record EnrolmentOptions(TimeSpan Hold, int RetentionMonths, Uri SiteBaseUrl)
{
    /// <summary>Self-funded: how long the place stays held after an instalment failed (default 7 days).</summary>
    public TimeSpan InstalmentGrace { get; init; } = TimeSpan.FromDays(7);

    public static EnrolmentOptions From(IConfiguration configuration)
    {
        var graceDays = configuration.GetValue<int?>(SettingNames.InstalmentGraceDays) ?? 7;
        var holdMinutes = configuration.GetValue<int?>(SettingNames.HoldMinutes) ?? 30;
        var months = configuration.GetValue<int?>(SettingNames.RetentionMonths) ?? 36;
        var site = configuration[SettingNames.SiteBaseUrl] ?? "http://localhost:7071";
        // Stripe Checkout accepts an expiry between 30 minutes and 24 hours.
        return new EnrolmentOptions(TimeSpan.FromMinutes(Math.Clamp(holdMinutes, 30, 24 * 60)), Math.Max(1, months), new Uri(site.TrimEnd('/') + "/"))
        {
            InstalmentGrace = TimeSpan.FromDays(Math.Clamp(graceDays, 1, 60)),
        };
    }

    public string SitePage(string path, string? query = null) =>
        new Uri(SiteBaseUrl, path.TrimStart('/')) + (query is null ? "" : "?" + query);
}
