using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Monalisa.Content;
using Monalisa.Functions.Identity;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Identity;

/// <summary>
/// Every staff route (every HTTP function under <c>staff/</c> or <c>equipe</c>, found as the host finds them) refuses
/// whoever the platform has not signed in as staff: no sign-in, a wrong role, a header or cookie forged by the client,
/// the old function key, a post from another site, and everyone when the platform's authentication is off. A signed-in
/// staff member gets past the check on the same routes, so each refusal below is the check's, not the route's.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class StaffRouteSecurityTests(AzuriteFixture storage)
{
    /// <summary>The local host's function key before staff signed in; no setting reads it any more.</summary>
    private const string OldFunctionKey = "cle-locale-de-developpement";

    /// <summary>One staff route, its placeholders filled with an id no record has.</summary>
    public sealed record StaffRoute(string Method, string Path)
    {
        public bool IsChange => Method != "GET";

        public HttpRequestMessage Request(string? accept = "application/json")
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (accept is not null) request.Headers.Accept.ParseAdd(accept);
            if (IsChange) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            return request;
        }

        public override string ToString() => $"{Method} {Path}";
    }

    public static IReadOnlyList<StaffRoute> StaffRoutes() =>
        [.. from function in FunctionCatalog.HttpFunctions()
            where function.Route.StartsWith("staff/", StringComparison.Ordinal) || function.Route.StartsWith("equipe", StringComparison.Ordinal)
            from method in function.HttpMethods
            select new StaffRoute(method, $"/{FunctionEndpoints.RoutePrefix}/" + Placeholder().Replace(function.Route, "inconnue-0"))];

    [Fact]
    public void The_routes_under_test_include_the_known_staff_routes()
    {
        var routes = StaffRoutes().Select(r => r.ToString()).ToList();

        Assert.Contains("GET /api/staff/sessions/inconnue-0/enrolments.csv", routes);
        Assert.Contains("POST /api/staff/enrolments/inconnue-0/confirm", routes);
        Assert.Contains("POST /api/staff/enrolments/inconnue-0/cancel", routes);
    }

    [Fact]
    public async Task A_signed_in_staff_member_gets_past_the_check_on_every_staff_route()
    {
        await using var api = await TestApi.StartAsync(storage);
        using var staff = await api.SignInAsync("Camille Martin", StaffRoles.Staff);

        await ForEveryRouteAsync(staff, route => route.Request(), (route, response, body) =>
            response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.ServiceUnavailable or HttpStatusCode.Redirect));
    }

    [Fact]
    public async Task Without_sign_in_every_staff_route_is_401_problem_and_a_browser_get_goes_to_easy_auths_sign_in()
    {
        await using var api = await TestApi.StartAsync(storage);

        await ForEveryRouteAsync(api.Client, route => route.Request(), (route, response, body) => IsProblem(response, body, 401, ProblemTypes.SignInRequired));
        await ForEveryRouteAsync(api.Client, route => route.Request("text/html,application/xhtml+xml"), (route, response, body) => route.IsChange
            ? response.StatusCode == HttpStatusCode.Unauthorized && IsHtml(response) && body.Contains("Se connecter", StringComparison.Ordinal)
            : response.StatusCode == HttpStatusCode.Redirect
                && response.Headers.Location?.OriginalString == "/.auth/login/aad?post_login_redirect_uri=" + Uri.EscapeDataString(route.Path));
    }

    [Fact]
    public async Task A_browser_get_is_sent_to_sign_in_with_the_path_alone_never_the_query()
    {
        await using var api = await TestApi.StartAsync(storage);
        var route = StaffRoutes().First(r => !r.IsChange);
        using var request = new HttpRequestMessage(HttpMethod.Get, route.Path + "?token=secret-de-test");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("secret-de-test", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_old_function_key_in_the_query_or_the_header_opens_no_staff_route()
    {
        await using var api = await TestApi.StartAsync(storage);

        await ForEveryRouteAsync(api.Client, route =>
        {
            var request = route.Request();
            request.RequestUri = new Uri(route.Path + "?code=" + OldFunctionKey, UriKind.Relative);
            return request;
        }, (route, response, body) => IsProblem(response, body, 401, ProblemTypes.SignInRequired));
        await ForEveryRouteAsync(api.Client, route =>
        {
            var request = route.Request();
            request.Headers.Add("x-functions-key", OldFunctionKey);
            return request;
        }, (route, response, body) => IsProblem(response, body, 401, ProblemTypes.SignInRequired));
    }

    [Theory]
    [InlineData("aucun")]
    [InlineData(StaffRoles.Trainer)]
    public async Task A_person_signed_in_without_the_staff_role_is_403_on_every_staff_route(string role)
    {
        await using var api = await TestApi.StartAsync(storage);
        using var person = await api.SignInAsync("Dominique Petit", role);

        await ForEveryRouteAsync(person, route => route.Request(), (route, response, body) =>
            OpenToTrainer(role, route) || IsProblem(response, body, 403, ProblemTypes.RoleMissing));
        await ForEveryRouteAsync(person, route => route.Request("text/html"), (route, response, body) =>
            OpenToTrainer(role, route) || (response.StatusCode == HttpStatusCode.Forbidden && IsHtml(response) && body.Contains("Se déconnecter", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The attendance pages (émargement) and the assessment form (évaluation des acquis) are a trainer's too, except the
    /// paper scans, which are staff's only.
    /// </summary>
    private static bool OpenToTrainer(string role, StaffRoute route) =>
        role == StaffRoles.Trainer && !route.Path.Contains("/scans", StringComparison.Ordinal)
        && (route.Path.Contains("/emargement", StringComparison.Ordinal) || route.Path.EndsWith("/evaluation", StringComparison.Ordinal));

    [Fact]
    public async Task A_principal_header_forged_by_the_client_is_removed_before_the_app_reads_it()
    {
        await using var api = await TestApi.StartAsync(storage);
        using var nobody = await api.SignInAsync("Dominique Petit", "aucun");
        var forged = ForgedStaffPrincipal();

        await ForEveryRouteAsync(api.Client, route => WithHeader(route.Request(), StaffAccess.PrincipalHeader, forged),
            (route, response, body) => IsProblem(response, body, 401, ProblemTypes.SignInRequired));
        // Signed in without the role: the host's principal replaces the forged one, whatever the header's case.
        await ForEveryRouteAsync(nobody, route => WithHeader(route.Request(), "x-ms-client-principal", forged),
            (route, response, body) => IsProblem(response, body, 403, ProblemTypes.RoleMissing));
    }

    [Fact]
    public async Task A_forged_or_tampered_dev_sign_in_cookie_signs_nobody_in()
    {
        await using var api = await TestApi.StartAsync(storage);
        var cookies = new CookieContainer();
        using var signIn = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = api.BaseAddress };
        await signIn.PostAsync("/.auth/login/aad", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Camille Martin", ["role"] = "staff" }));
        var genuine = cookies.GetCookies(api.BaseAddress)[DevSignIn.CookieName]!.Value;
        var tampered = genuine[..^6] + (genuine[^6] == 'A' ? 'B' : 'A') + genuine[^5..];
        var madeUp = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { Id = "x", Name = "Pirate", Email = "p@x.test", Roles = new[] { "staff" } }));

        // A client that sends the Cookie header as written, without a cookie jar of its own.
        using var raw = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = api.BaseAddress };

        foreach (var cookie in new[] { tampered, madeUp, "" })
        {
            await ForEveryRouteAsync(raw, route => WithHeader(route.Request(), "Cookie", $"{DevSignIn.CookieName}={cookie}"),
                (route, response, body) => IsProblem(response, body, 401, ProblemTypes.SignInRequired));
        }
        // The same client with the genuine cookie is signed in: the refusals above are the tampering's.
        await ForEveryRouteAsync(raw, route => WithHeader(route.Request(), "Cookie", $"{DevSignIn.CookieName}={genuine}"),
            (route, response, body) => response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task When_the_platforms_authentication_is_off_every_staff_route_is_503_for_everyone_even_signed_in_staff()
    {
        await using var api = await TestApi.StartAsync(storage, settings: new Dictionary<string, string?> { [StaffAccess.PlatformAuthSetting] = "False" });
        using var staff = await api.SignInAsync("Camille Martin", StaffRoles.Staff);
        var forged = ForgedStaffPrincipal();

        foreach (var client in new[] { api.Client, staff })
        {
            await ForEveryRouteAsync(client, route => WithHeader(route.Request(), StaffAccess.PrincipalHeader, forged),
                (route, response, body) => IsProblem(response, body, 503, ProblemTypes.Unavailable));
        }
        await ForEveryRouteAsync(staff, route => route.Request("text/html"), (route, response, body) =>
            response.StatusCode == HttpStatusCode.ServiceUnavailable && IsHtml(response));
    }

    [Fact]
    public async Task A_post_from_another_site_is_403_on_every_staff_route_even_for_signed_in_staff()
    {
        await using var api = await TestApi.StartAsync(storage);
        using var staff = await api.SignInAsync("Camille Martin", StaffRoles.Staff);
        var changes = StaffRoutes().Where(r => r.IsChange).ToList();
        Assert.NotEmpty(changes);

        await ForEveryRouteAsync(staff, route => WithHeader(route.Request(), "Sec-Fetch-Site", "cross-site"),
            (route, response, body) => !route.IsChange || IsProblem(response, body, 403, ProblemTypes.CrossSite));
        await ForEveryRouteAsync(staff, route => WithHeader(route.Request(), "Sec-Fetch-Site", "same-site"),
            (route, response, body) => !route.IsChange || IsProblem(response, body, 403, ProblemTypes.CrossSite));
        await ForEveryRouteAsync(staff, route => WithHeader(route.Request(), "Origin", "https://autre-site.example"),
            (route, response, body) => !route.IsChange || IsProblem(response, body, 403, ProblemTypes.CrossSite));
        // The console's own pages: same origin, and the check lets them through.
        await ForEveryRouteAsync(staff, route => WithHeader(WithHeader(route.Request(), "Sec-Fetch-Site", "same-origin"), "Origin", api.BaseAddress.GetLeftPart(UriPartial.Authority)),
            (route, response, body) => response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task The_dev_sign_in_accepts_only_its_own_pages_form()
    {
        await using var api = await TestApi.StartAsync(storage);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/.auth/login/aad")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Camille Martin", ["role"] = "staff" }),
        };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    /// <summary>Sends each route's request; collects every route whose answer fails <paramref name="expected"/>.</summary>
    private static async Task ForEveryRouteAsync(HttpClient client, Func<StaffRoute, HttpRequestMessage> request, Func<StaffRoute, HttpResponseMessage, string, bool> expected)
    {
        var routes = StaffRoutes();
        Assert.NotEmpty(routes);
        var failures = new List<string>();
        foreach (var route in routes)
        {
            using var message = request(route);
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            if (!expected(route, response, body))
                failures.Add($"{route}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {response.Headers.Location} {body[..Math.Min(body.Length, 200)]}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool IsProblem(HttpResponseMessage response, string body, int status, ProblemType type)
    {
        if ((int)response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("type").GetString() == type.Uri;
    }

    private static bool IsHtml(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "text/html";

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>A well-formed Easy Auth principal with the staff role, as a client would forge it.</summary>
    private static string ForgedStaffPrincipal() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
    {
        auth_typ = "aad",
        name_typ = "name",
        role_typ = "roles",
        claims = new object[]
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = "00000000-0000-0000-0000-00000000bad0" },
            new { typ = "name", val = "Pirate" },
            new { typ = "roles", val = "staff" },
        },
    }));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
