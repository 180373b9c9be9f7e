using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;
using Monalisa.LocalHost;
using Monalisa.Testing;

namespace Monalisa.Functions.Tests.Hosting;

/// <summary>The local host's tools: the /_dev/ index, the clock a person moves, and Development without stack traces.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalToolsTests(AzuriteFixture storage)
{
    /// <summary>The local host over the tests' fake clock, wrapped in the clock /_dev/clock moves, as `run` wraps the system one.</summary>
    private static Task<EmailTestHost> StartAsync(AzuriteFixture storage) =>
        EmailTestHost.StartAsync(storage, withSendGrid: false, services: s => s.AddLocalClock());

    private static Task<HttpResponseMessage> MoveAsync(EmailTestHost host, params (string Name, string Value)[] fields) =>
        host.Client.PostAsync("/_dev/clock", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    [Fact]
    public async Task The_dev_index_lists_every_local_tool()
    {
        await using var host = await StartAsync(storage);
        var response = await host.Client.GetAsync("/_dev/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("href=\"/_dev/mail\"", page);
        Assert.Contains("href=\"/_dev/clock\"", page);
        Assert.Contains("action=\"/_dev/queues/run\"", page);
        Assert.Contains("/_dev/checkout/", page);
        Assert.Contains("/_dev/setup/", page);
        foreach (var timer in FunctionCatalog.TimerFunctions()) Assert.Contains(timer.Name, page);
        Assert.Contains("<a href=\"/.auth/login/aad?post_login_redirect_uri=/api/equipe/\">Connexion de l'équipe</a>", page);
        Assert.Contains("n'existent que sur l'hôte local", page);
    }

    [Fact]
    public async Task Moving_the_clock_eight_days_lapses_an_unconfirmed_invoice_hold_at_once()
    {
        await using var host = await StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();

        var moved = await MoveAsync(host, ("move", "custom"), ("days", "8"), ("hours", "0"));

        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        Assert.StartsWith("/_dev/clock?ran=", moved.Headers.Location!.OriginalString);
        var enrolment = await host.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(EnrolmentState.Expired, enrolment!.State);
        Assert.Empty(enrolment.Seats);
        var page = WebUtility.HtmlDecode(await host.Client.GetStringAsync(moved.Headers.Location!.OriginalString));
        Assert.Contains("8 jours et 0 heure d'avance sur l'heure réelle", page);
        Assert.Contains($"{FunctionCatalog.TimerFunctions().Count()} déclencheurs lancés", page);
    }

    [Fact]
    public async Task The_clock_moves_by_its_buttons_and_comes_back_to_the_real_time()
    {
        await using var host = await StartAsync(storage);
        var clock = host.Api.Services.GetRequiredService<TimeProvider>();
        var before = clock.GetUtcNow();

        await MoveAsync(host, ("move", "11d"));
        await MoveAsync(host, ("move", "1h"));
        Assert.Equal(TimeSpan.FromDays(11) + TimeSpan.FromHours(1), clock.GetUtcNow() - before);

        await MoveAsync(host, ("move", "reset"));
        Assert.Equal(before, clock.GetUtcNow());
    }

    [Theory]
    [InlineData("custom", "-3", "0")]
    [InlineData("custom", "0", "0")]
    [InlineData("custom", "401", "0")]
    [InlineData("custom", "1", "24")]
    [InlineData("yesterday", "", "")]
    public async Task A_clock_move_it_cannot_read_is_refused_in_french_and_moves_nothing(string move, string days, string hours)
    {
        await using var host = await StartAsync(storage);
        var clock = host.Api.Services.GetRequiredService<LocalClock>();

        var response = await MoveAsync(host, ("move", move), ("days", days), ("hours", hours));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Déplacement invalide", await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.Zero, clock.Offset);
    }

    [Fact]
    public async Task A_clock_move_posted_by_a_page_of_another_site_is_refused()
    {
        await using var host = await StartAsync(storage);
        var clock = host.Api.Services.GetRequiredService<LocalClock>();
        var request = new HttpRequestMessage(HttpMethod.Post, "/_dev/clock")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("move", "7d")]),
            Headers = { { "Origin", "https://attaquant.example" }, { "Sec-Fetch-Site", "cross-site" } },
        };

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(TimeSpan.Zero, clock.Offset);
    }

    [Fact]
    public async Task A_clock_move_posted_by_its_own_page_is_accepted()
    {
        await using var host = await StartAsync(storage);
        var request = new HttpRequestMessage(HttpMethod.Post, "/_dev/clock")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("move", "1d")]),
            Headers = { { "Origin", host.Api.BaseAddress.GetLeftPart(UriPartial.Authority) }, { "Sec-Fetch-Site", "same-origin" } },
        };

        Assert.Equal(HttpStatusCode.SeeOther, (await host.Client.SendAsync(request)).StatusCode);
        Assert.Equal(TimeSpan.FromDays(1), host.Api.Services.GetRequiredService<LocalClock>().Offset);
    }

    [Fact]
    public async Task The_local_pages_carry_the_sites_headers_and_nothing_its_content_security_policy_forbids()
    {
        await using var host = await StartAsync(storage);
        var home = await host.Client.GetAsync("/");
        foreach (var path in new[] { "/_dev/", "/_dev/clock" })
        {
            var response = await host.Client.GetAsync(path);
            Assert.Equal(home.Headers.TryGetValues("Content-Security-Policy", out var site) ? site : [],
                response.Headers.TryGetValues("Content-Security-Policy", out var local) ? local : []);
            var page = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>", page);
            Assert.DoesNotContain(" style=", page);
            Assert.DoesNotMatch(new Regex(" on[a-z]+="), page);
        }
    }

    [Fact]
    public async Task In_development_an_unhandled_exception_is_a_bare_500_never_a_stack_trace()
    {
        await using var factory = new LocalHostFactory(LocalHostFactory.TestSettings(storage.ConnectionString),
            s => s.AddScoped<SessionsFunction>(_ => throw new InvalidOperationException("détail interne à ne jamais montrer")),
            Environments.Development).Start();
        Assert.True(factory.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
        using var client = new HttpClient { BaseAddress = factory.BaseAddress };

        var response = await client.GetAsync("/api/sessions?course=" + TestCourse.RealSlug);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("détail interne", body);
        // Bad input still gets its French problem, as in production.
        var missing = await client.GetAsync("/api/quote?course=inconnue");
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }
}
