using Microsoft.Extensions.Configuration;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Identity;

/// <summary>
/// Addresses of the staff console's pages, for links written where no request is at hand (staff emails). The console
/// is served by this app, on its own origin (<c>Api:BaseUrl</c>), where Easy Auth's sign-in cookie lives; when that
/// is not set, the site's origin, which the local host serves the API on too.
/// </summary>
internal sealed class ConsoleLinks(IConfiguration configuration)
{
    /// <summary>The console's enrolment page (<c>api/equipe/inscriptions/{id}</c>).</summary>
    public string Enrolment(string enrolmentId) => $"{Origin}/api/equipe/inscriptions/{Uri.EscapeDataString(enrolmentId)}";

    /// <summary>The console's list of invoices and credit notes (<c>api/equipe/factures</c>).</summary>
    public string Invoices() => $"{Origin}/api/equipe/factures";

    private string Origin =>
        (configuration[SettingNames.ApiBaseUrl] is { Length: > 0 } api ? api : configuration[SettingNames.SiteBaseUrl] ?? "").TrimEnd('/');
}
