using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Monalisa.Content;
using Monalisa.Content.Text;
using Monalisa.Domain.Timeline;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Identity;

/// <summary>The app roles of the Entra ID app registration (its manifest declares the same values).</summary>
internal static class StaffRoles
{
    /// <summary>The training body's staff: every page and action of the console.</summary>
    public const string Staff = "staff";
    /// <summary>Trainers: their sessions and attendance (the attendance issue).</summary>
    public const string Trainer = "trainer";
}

/// <summary>A signed-in person, as the platform's authentication (Easy Auth) vouched for them.</summary>
internal sealed record StaffMember(string Id, string Name, string? Email, IReadOnlyList<string> Roles)
{
    public bool Has(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);

    /// <summary>The Entra ID directory the person signed in from (<c>tid</c>), when the principal names it.</summary>
    public string? TenantId { get; init; }

    /// <summary>Who the timeline names for this person's acts.</summary>
    public Actor Actor => Actor.Staff(Name);
}

/// <summary>The answer of <see cref="StaffAccess.Check"/>: the person, or the answer that refuses them.</summary>
internal abstract record StaffCheck
{
    public sealed record Allowed(StaffMember Member) : StaffCheck;

    public sealed record Refused(IActionResult Result) : StaffCheck;
}

/// <summary>
/// Who is asking, on a staff route. The principal comes only from the platform: App Service Authentication (Easy Auth)
/// validates the Entra ID session or token and sets <c>X-MS-CLIENT-PRINCIPAL</c>, and removes that header from any
/// request that comes from outside. The header is read only when the platform says authentication is on
/// (<c>WEBSITE_AUTH_ENABLED</c>, set by App Service itself); otherwise every staff request is refused, so an app deployed
/// without authentication never trusts a header a client could send. The shared function key opens nothing here.
/// A browser gets Easy Auth's sign-in page, or a readable French page; any other client gets problem+json.
/// </summary>
internal sealed class StaffAccess(IConfiguration configuration)
{
    /// <summary>Set to « True » by App Service when its authentication module runs in front of the app.</summary>
    public const string PlatformAuthSetting = "WEBSITE_AUTH_ENABLED";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    /// <summary>Easy Auth's sign-in for the Entra ID provider (the platform serves it; the local host's dev sign-in plays it).</summary>
    public const string PlatformLoginPath = "/.auth/login/aad";
    public const string PlatformLogoutPath = "/.auth/logout";
    /// <summary>The Entra ID tenant of a principal, as Easy Auth writes the token's <c>tid</c> claim.</summary>
    public const string TenantClaim = "http://schemas.microsoft.com/identity/claims/tenantid";
    /// <summary>The console's home, where signing in again leads after a refusal.</summary>
    public const string ConsoleHome = "/api/equipe";
    private const string AccessPage = "equipe-acces";

    public bool Configured => string.Equals(configuration[PlatformAuthSetting], "True", StringComparison.OrdinalIgnoreCase);

    /// <summary>The directory staff must belong to, when pinned (<c>StaffIdentity:TenantId</c>); Easy Auth's issuer pins it too.</summary>
    private string? PinnedTenant => configuration[SettingNames.StaffTenantId] is { Length: > 0 } tenant ? tenant.Trim() : null;

    public StaffCheck Check(HttpRequest request, string role)
    {
        if (!Configured)
            return Refuse(request, Problems.Unavailable("La connexion de l'équipe n'est pas configurée : aucune page de l'équipe ne s'ouvre sans elle."), "non-configuree");
        // Easy Auth's session cookie may go with a request another site makes the browser send: a change must come from our pages.
        if (!IsSafe(request) && !FromThisOrigin(request))
            return Refuse(request, CrossSite(), "autre-site");
        if (Read(request) is not { } member)
        {
            if (IsSafe(request) && WantsHtml(request))
                return new StaffCheck.Refused(TypedResults.Redirect(LoginUrl(request.PathBase + request.Path)).ToActionResult());
            return Refuse(request, Problems.SignInRequired("Connectez-vous avec votre compte de l'association pour ouvrir cette page."), "connexion");
        }
        if (PinnedTenant is { } tenant && !string.Equals(member.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
            return Refuse(request, Problems.RoleMissing("Ce compte n'appartient pas à l'annuaire de l'association : connectez-vous avec votre compte de l'association."), "annuaire");
        if (!member.Has(role))
            return Refuse(request, Problems.RoleMissing("Votre compte n'a pas le rôle qui ouvre cette page. Demandez-le à l'administrateur de l'annuaire."), "role");
        return new StaffCheck.Allowed(member);
    }

    /// <summary>
    /// Staff, or a trainer: the attendance and assessment pages are the part of the console a trainer reaches. A refusal
    /// is the trainer role's (the wider of the two).
    /// </summary>
    public StaffCheck CheckStaffOrTrainer(HttpRequest request) =>
        Check(request, StaffRoles.Staff) is StaffCheck.Allowed staff ? staff : Check(request, StaffRoles.Trainer);

    /// <summary>Easy Auth's sign-in, back to this path afterwards (the path alone: a query may carry a token).</summary>
    public static string LoginUrl(string path) => $"{PlatformLoginPath}?post_login_redirect_uri={Uri.EscapeDataString(path)}";

    private static bool IsSafe(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A change comes from this origin's pages: the browser says so (<c>Sec-Fetch-Site</c>), or, for a browser too old
    /// to send it, names no other origin (<c>Origin</c>). Clients that are not browsers send neither. Behind App Service
    /// and the Functions host the worker sees an internal host and scheme: the public host is the forwarded one, and the
    /// scheme is not compared.
    /// </summary>
    internal static bool FromThisOrigin(HttpRequest request)
    {
        // A browser computes Sec-Fetch-Site itself and no script can set it: when present, it decides.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase);
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")) return false;
        var hosts = request.Headers["X-Forwarded-Host"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Append(request.Host.Value ?? "");
        return hosts.Any(h => SameHost(uri, h));
    }

    private static bool SameHost(Uri origin, string host)
    {
        if (host.Length == 0) return false;
        var parsed = HostString.FromUriComponent(host);
        return string.Equals(parsed.Host, origin.Host, StringComparison.OrdinalIgnoreCase)
            && (parsed.Port ?? (origin.IsDefaultPort ? origin.Port : -1)) == origin.Port;
    }

    private static ProblemDetails CrossSite() => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Type = ProblemTypes.CrossSite.Uri,
        Title = ProblemTypes.CrossSite.Title,
        Detail = "Les actions de l'équipe ne s'envoient que depuis les pages de la console. Rien n'a été modifié.",
    };

    /// <summary>A browser reads the refusal as a page of the console (equipe-acces.liquid); any other client as problem+json.</summary>
    private StaffCheck Refuse(HttpRequest request, ProblemDetails problem, string reason)
    {
        if (!WantsHtml(request)) return new StaffCheck.Refused(ApiResults.Problem(problem).ToActionResult());
        var page = PageRenderer.Api.Render(AccessPage, problem.Title ?? "", new Dictionary<string, object?>
        {
            ["reason"] = reason,
            ["detail"] = problem.Detail,
            ["login_url"] = LoginUrl(ConsoleHome),
            ["logout_url"] = $"{PlatformLogoutPath}?post_logout_redirect_uri={Uri.EscapeDataString(LoginUrl(ConsoleHome))}",
        }, configuration[SettingNames.SiteBaseUrl]);
        return new StaffCheck.Refused(ApiResults.Html(problem.Status ?? StatusCodes.Status403Forbidden, page).ToActionResult());
    }

    /// <summary>Decodes the platform's principal (base64 JSON: <c>auth_typ</c>, <c>claims</c>, <c>name_typ</c>, <c>role_typ</c>).</summary>
    private static StaffMember? Read(HttpRequest request)
    {
        if (request.Headers[PrincipalHeader].ToString() is not { Length: > 0 and < 16_384 } encoded) return null;
        ClientPrincipal? principal;
        try
        {
            principal = JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
        if (principal?.Claims is not { } claims) return null;
        string? Claim(string type) => claims.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase))?.Value;
        var id = Claim("http://schemas.microsoft.com/identity/claims/objectidentifier") ?? Claim("oid");
        var name = Claim("name") ?? Claim(principal.NameType ?? "name");
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(name)) return null;
        var roleType = principal.RoleType ?? "roles";
        var roles = claims.Where(c => string.Equals(c.Type, roleType, StringComparison.OrdinalIgnoreCase) || c.Type == "roles").Select(c => c.Value).Distinct().ToList();
        return new StaffMember(id, name, Claim("preferred_username") ?? Claim("email"), roles) { TenantId = Claim(TenantClaim) ?? Claim("tid") };
    }

    private sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthType,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType,
        [property: JsonPropertyName("claims")] List<PrincipalClaim>? Claims);

    private sealed record PrincipalClaim([property: JsonPropertyName("typ")] string Type, [property: JsonPropertyName("val")] string Value);
}
