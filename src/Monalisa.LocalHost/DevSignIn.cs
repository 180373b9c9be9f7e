using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Monalisa.Functions.Identity;

namespace Monalisa.LocalHost;

/// <summary>
/// The development sign-in: the local host plays App Service Authentication (Easy Auth), as the Static Web Apps CLI's
/// emulator does. It removes any principal header a client sends, and sets <c>X-MS-CLIENT-PRINCIPAL</c>, in Easy Auth's
/// format, for the person picked on <c>/.auth/login/aad</c> (a name and a role, kept in a cookie this host encrypts).
/// The Functions app then reads the same header it reads in Azure. None of this exists in the Functions app.
/// </summary>
internal static class DevSignIn
{
    public const string CookieName = "DevAuthSession";
    public const string LoginPath = "/.auth/login/aad";
    public const string LogoutPath = "/.auth/logout";
    private const string Purpose = "Monalisa.LocalHost.DevSignIn";

    /// <summary>What the dev sign-in keeps of the person picked.</summary>
    internal sealed record DevPerson(string Id, string Name, string Email, string[] Roles);

    /// <summary>Easy Auth's header rules: nothing from outside, the signed-in person's principal from here.</summary>
    public static IApplicationBuilder UseDevSignIn(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        foreach (var header in context.Request.Headers.Keys.Where(k => k.StartsWith("X-MS-CLIENT-PRINCIPAL", StringComparison.OrdinalIgnoreCase) || k.StartsWith("X-MS-TOKEN-", StringComparison.OrdinalIgnoreCase)).ToList())
            context.Request.Headers.Remove(header);
        if (Read(context) is { } person)
        {
            context.Request.Headers[StaffAccess.PrincipalHeader] = Principal(person, Tenant(context));
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"] = person.Email;
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL-ID"] = person.Id;
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL-IDP"] = "aad";
        }
        await next(context);
    });

    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath, (HttpContext context, string? post_login_redirect_uri) =>
            Results.Content(LocalPages.Renderer.Render("dev-signin", "Connexion de développement", new Dictionary<string, object?>
            {
                ["redirect"] = LocalPath(post_login_redirect_uri),
                ["current"] = Read(context)?.Name,
            }), "text/html; charset=utf-8"));
        endpoints.MapPost(LoginPath, (Delegate)SignInAsync).DisableAntiforgery();
        endpoints.MapGet(LogoutPath, (HttpContext context, string? post_logout_redirect_uri) =>
        {
            context.Response.Cookies.Delete(CookieName);
            return Results.Redirect(LocalPath(post_logout_redirect_uri));
        });
        endpoints.MapGet("/.auth/me", (HttpContext context) => Read(context) is { } person
            ? Results.Json(new[] { new { provider_name = "aad", user_id = person.Email, user_claims = Claims(person, Tenant(context)) } })
            : Results.Json(Array.Empty<object>()));
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext context)
    {
        // Like Easy Auth's own sign-in, only from this host's page: another site cannot sign a browser in as someone.
        if (!LocalPostOrigin.IsSameOrigin(context.Request))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Connexion refusée",
                detail: "La connexion de développement n'accepte que le formulaire de sa propre page.");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["name"].ToString().Trim();
        var role = form["role"].ToString();
        if (name.Length is 0 or > 80 || role is not (StaffRoles.Staff or StaffRoles.Trainer or "aucun"))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Connexion impossible",
                detail: "Indiquez un nom (80 caractères au plus) et choisissez un rôle.");
        var email = form["email"].ToString().Trim() is { Length: > 3 and <= 120 } given && given.Contains('@')
            ? given : $"{Slug(name)}@monalisa.test";
        var person = new DevPerson("dev-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..24],
            name, email, role == "aucun" ? [] : [role]);
        var protector = context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        context.Response.Cookies.Append(CookieName, protector.Protect(JsonSerializer.Serialize(person)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/" });
        return Results.Redirect(LocalPath(form["redirect"].ToString()), permanent: false, preserveMethod: false);
    }

    private static DevPerson? Read(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is not { Length: > 0 } cookie) return null;
        try
        {
            var protector = context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
            return JsonSerializer.Deserialize<DevPerson>(protector.Unprotect(cookie));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null; // a forged or stale cookie signs nobody in
        }
    }

    /// <summary>The principal as Easy Auth writes it for Entra ID: base64 JSON with the token's claims.</summary>
    private static string Principal(DevPerson person, string tenant) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
    {
        auth_typ = "aad",
        name_typ = "name",
        role_typ = "roles",
        claims = Claims(person, tenant),
    }));

    /// <summary>A development directory id, not any real tenant's.</summary>
    public const string DevTenantId = "00000000-0000-0000-0000-00000000de50";

    private static string Tenant(HttpContext context) =>
        context.RequestServices.GetRequiredService<IConfiguration>()[Monalisa.Functions.Hosting.SettingNames.StaffTenantId] is { Length: > 0 } pinned
            ? pinned : DevTenantId;

    private static object[] Claims(DevPerson person, string tenant) =>
    [
        new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = person.Id },
        new { typ = "name", val = person.Name },
        new { typ = "preferred_username", val = person.Email },
        // Entra ID's directory: the one StaffIdentity:TenantId pins, if set, else a made-up development directory.
        new { typ = StaffAccess.TenantClaim, val = tenant },
        .. person.Roles.Select(r => new { typ = "roles", val = r }),
    ];

    /// <summary>Only a path of this host: the sign-in never sends the browser elsewhere.</summary>
    private static string LocalPath(string? path) =>
        path is { Length: > 0 } p && p.StartsWith('/') && !p.StartsWith("//", StringComparison.Ordinal) && !p.StartsWith("/\\", StringComparison.Ordinal) ? p : "/_dev/";

    private static string Slug(string name) =>
        new string(name.Normalize(NormalizationForm.FormD).Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray()) is { Length: > 0 } s ? s : "equipe";
}
