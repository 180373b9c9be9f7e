using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Tests.Identity;

/// <summary>
/// <see cref="StaffAccess.Check"/> on requests as the worker receives them behind App Service (no host, no storage):
/// the tenant pin, the origin of a change behind the platform's proxies, and what a browser is answered.
/// </summary>
public sealed class StaffAccessTests
{
    private const string OurTenant = "11111111-1111-1111-1111-111111111111";
    private const string OtherTenant = "22222222-2222-2222-2222-222222222222";

    [Fact]
    public async Task With_the_tenant_pinned_a_staff_principal_from_another_directory_is_403()
    {
        var access = Access(tenant: OurTenant);

        Assert.IsType<StaffCheck.Allowed>(access.Check(Request(principal: Principal(OurTenant)), StaffRoles.Staff));
        Assert.Equal(403, await StatusAsync(access.Check(Request(principal: Principal(OtherTenant)), StaffRoles.Staff)));
        Assert.Equal(403, await StatusAsync(access.Check(Request(principal: Principal(tenant: null)), StaffRoles.Staff)));
    }

    [Fact]
    public void Without_a_pinned_tenant_the_platforms_issuer_alone_decides_the_directory()
    {
        Assert.IsType<StaffCheck.Allowed>(Access(tenant: null).Check(Request(principal: Principal(OtherTenant)), StaffRoles.Staff));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("same-origin", "https://func-monalisa.azurewebsites.net", true)]
    [InlineData("same-origin", null, true)]
    [InlineData("cross-site", null, false)]
    [InlineData("same-site", null, false)]
    [InlineData("none", null, false)]
    [InlineData(null, "https://func-monalisa.azurewebsites.net", true)]
    [InlineData(null, "https://autre-site.example", false)]
    [InlineData(null, "https://func-monalisa.azurewebsites.net.autre-site.example", false)]
    [InlineData(null, "https://func-monalisa.azurewebsites.net:8443", false)]
    [InlineData(null, "null", false)]
    public void A_post_is_from_this_origin_only_as_the_browser_or_the_forwarded_host_says(string? fetchSite, string? origin, bool allowed)
    {
        // The worker sees the Functions host's internal address; the public host arrives as X-Forwarded-Host.
        var request = Request(principal: Principal(OurTenant), method: "POST", host: "127.0.0.1:43117");
        request.Headers["X-Forwarded-Host"] = "func-monalisa.azurewebsites.net";
        if (fetchSite is not null) request.Headers["Sec-Fetch-Site"] = fetchSite;
        if (origin is not null) request.Headers.Origin = origin;

        Assert.Equal(allowed, StaffAccess.FromThisOrigin(request));
        Assert.Equal(allowed, Access(tenant: null).Check(request, StaffRoles.Staff) is StaffCheck.Allowed);
    }

    [Fact]
    public void A_get_is_never_refused_for_its_origin_it_changes_nothing()
    {
        var request = Request(principal: Principal(OurTenant));
        request.Headers["Sec-Fetch-Site"] = "cross-site";

        Assert.IsType<StaffCheck.Allowed>(Access(tenant: null).Check(request, StaffRoles.Staff));
    }

    [Fact]
    public async Task A_browser_without_sign_in_is_sent_to_easy_auths_login_with_the_path_url_encoded_and_no_query()
    {
        var request = Request(principal: null, accept: "text/html");
        request.Path = "/api/equipe/inscriptions/s1-abc";
        request.QueryString = new QueryString("?jeton=secret");

        var (status, _, _, location) = await ExecuteAsync(Access(tenant: null).Check(request, StaffRoles.Staff));

        Assert.Equal(302, status);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fequipe%2Finscriptions%2Fs1-abc", location);
    }

    [Fact]
    public async Task A_browser_refused_for_its_role_reads_a_french_page_inside_the_site_layout()
    {
        var request = Request(principal: Principal(OurTenant, roles: []), accept: "text/html,application/xhtml+xml");

        var (status, type, body, _) = await ExecuteAsync(Access(tenant: null).Check(request, StaffRoles.Staff));

        Assert.Equal(403, status);
        Assert.StartsWith("text/html", type);
        Assert.Contains("<h1>Accès réservé.</h1>", body);
        Assert.Contains("rôle « staff »", body);
        Assert.Contains("href=\"/.auth/logout?post_logout_redirect_uri=", body);
        Assert.Contains("<html", body);
    }

    private static StaffAccess Access(string? tenant) => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [StaffAccess.PlatformAuthSetting] = "True",
        [SettingNames.StaffTenantId] = tenant,
        [SettingNames.SiteBaseUrl] = "https://formations.monalisa.test",
    }).Build());

    private static HttpRequest Request(string? principal, string method = "GET", string accept = "application/json", string host = "func-monalisa.azurewebsites.net")
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        context.Request.Path = "/api/staff/enrolments/s1-abc/confirm";
        context.Request.Headers.Accept = accept;
        if (principal is not null) context.Request.Headers[StaffAccess.PrincipalHeader] = principal;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private static string Principal(string? tenant, string[]? roles = null) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
    {
        auth_typ = "aad",
        name_typ = "name",
        role_typ = "roles",
        claims = new object[]
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = "00000000-0000-0000-0000-0000000000c1" },
            new { typ = "name", val = "Camille Martin" },
        }
        .Concat(tenant is null ? [] : [new { typ = StaffAccess.TenantClaim, val = tenant }])
        .Concat((roles ?? [StaffRoles.Staff]).Select(r => new { typ = "roles", val = r })).ToArray(),
    }));

    private static async Task<int> StatusAsync(StaffCheck check) => (await ExecuteAsync(check)).Status;

    private static async Task<(int Status, string ContentType, string Body, string Location)> ExecuteAsync(StaffCheck check)
    {
        var refused = Assert.IsType<StaffCheck.Refused>(check);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await refused.Result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.ContentType ?? "", await new StreamReader(context.Response.Body, Encoding.UTF8).ReadToEndAsync(),
            context.Response.Headers.Location.ToString());
    }
}
