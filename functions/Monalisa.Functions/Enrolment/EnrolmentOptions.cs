using Microsoft.Extensions.Configuration;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Enrolment;

/// <summary>Enrolment settings, with the defaults the association asked for.</summary>
internal sealed record EnrolmentOptions(TimeSpan Hold, int RetentionMonths, Uri SiteBaseUrl)
{
    public static EnrolmentOptions From(IConfiguration configuration)
    {
        var holdMinutes = configuration.GetValue<int?>(SettingNames.HoldMinutes) ?? 30;
        var months = configuration.GetValue<int?>(SettingNames.RetentionMonths) ?? 36;
        var site = configuration[SettingNames.SiteBaseUrl] ?? "http://localhost:7071";
        // Stripe Checkout accepts an expiry between 30 minutes and 24 hours.
        return new EnrolmentOptions(TimeSpan.FromMinutes(Math.Clamp(holdMinutes, 30, 24 * 60)), Math.Max(1, months), new Uri(site.TrimEnd('/') + "/"));
    }

    public string SitePage(string path, string? query = null) =>
        new Uri(SiteBaseUrl, path.TrimStart('/')) + (query is null ? "" : "?" + query);
}
