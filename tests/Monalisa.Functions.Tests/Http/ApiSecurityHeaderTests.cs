using System.Net;

namespace Monalisa.Functions.Tests.Http;

/// <summary>The API's HTML pages carry the site's security headers; every JSON answer carries nosniff.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiSecurityHeaderTests(AzuriteFixture storage)
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";

    private static void AssertPageHeaders(HttpResponseMessage response)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("{ApiOrigin}", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task The_withdrawal_page_gets_the_sites_security_headers()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue);
        var response = await api.Client.GetAsync($"/api/enrolments/{course.SessionId}-inconnue/withdraw?token=faux");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertPageHeaders(response);
    }

    [Fact]
    public async Task The_form_error_page_gets_the_sites_security_headers()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = new EnrolmentBody(course.SessionId).ToFormContent() };
        request.Headers.Accept.ParseAdd("text/html");
        var response = await api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertPageHeaders(response);
    }

    [Fact]
    public async Task Json_and_problem_json_answers_get_nosniff()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue);
        var json = await api.Client.GetAsync($"/api/quote?course={course.Slug}&mode=inter&professional=1&volunteer=0");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("nosniff", Header(json, "X-Content-Type-Options"));
        var problem = await api.Client.GetAsync($"/api/quote?course={course.Slug}&mode=inter&professional=x");
        await ProblemAssert.IsProblemAsync(problem, HttpStatusCode.BadRequest);
        Assert.Equal("nosniff", Header(problem, "X-Content-Type-Options"));
        var unknown = await api.Client.GetAsync("/api/inconnue");
        Assert.Equal("nosniff", Header(unknown, "X-Content-Type-Options"));
    }
}
