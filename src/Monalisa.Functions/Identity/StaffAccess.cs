using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Monalisa.Domain.Timeline;
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
/// </summary>
internal sealed class StaffAccess(IConfiguration configuration)
{
    /// <summary>Set to « True » by App Service when its authentication module runs in front of the app.</summary>
    public const string PlatformAuthSetting = "WEBSITE_AUTH_ENABLED";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    public bool Configured => string.Equals(configuration[PlatformAuthSetting], "True", StringComparison.OrdinalIgnoreCase);

    public StaffCheck Check(HttpRequest request, string role)
    {
        if (!Configured)
            return Refuse(Problems.Unavailable("La connexion de l'équipe n'est pas configurée : aucune page de l'équipe ne s'ouvre sans elle."));
        if (Read(request) is not { } member)
            return Refuse(Problems.SignInRequired("Connectez-vous avec votre compte de l'association pour ouvrir cette page."));
        if (!member.Has(role))
            return Refuse(Problems.RoleMissing("Votre compte n'a pas le rôle qui ouvre cette page. Demandez-le à l'administrateur de l'annuaire."));
        return new StaffCheck.Allowed(member);
    }

    private static StaffCheck Refuse(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        new StaffCheck.Refused(ApiResults.Problem(problem).ToActionResult());

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
        return new StaffMember(id, name, Claim("preferred_username") ?? Claim("email"), roles);
    }

    private sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthType,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType,
        [property: JsonPropertyName("claims")] List<PrincipalClaim>? Claims);

    private sealed record PrincipalClaim([property: JsonPropertyName("typ")] string Type, [property: JsonPropertyName("val")] string Value);
}
