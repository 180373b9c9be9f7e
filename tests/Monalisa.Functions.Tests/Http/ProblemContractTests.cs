using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Tests.Http;

/// <summary>The RFC 9457 contract every answer keeps: one title per type, an instance, problem+json even where no function answers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProblemContractTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly TestCourse Course = new(capacity: 12);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, Course.Catalogue);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public void A_problem_type_always_comes_with_the_same_title()
    {
        var results = _api.Services.GetRequiredService<EnrolmentResults>();
        var request = new DefaultHttpContext().Request;
        ProblemDetails Answer(SubmitOutcome outcome) => ((ProblemHttpResult)results.Submitted(request, outcome, null).Result).ProblemDetails;
        ProblemDetails[] problems =
        [
            Answer(new SubmitOutcome.NotEnoughSeats(0, 2)),
            Answer(new SubmitOutcome.NotEnoughSeats(1, 2)),
            Answer(new SubmitOutcome.PayerCapReached(0, 6)),
            Answer(new SubmitOutcome.PayerCapReached(4, 6)),
            Answer(new SubmitOutcome.AddressCapReached(0, 6)),
            Answer(new SubmitOutcome.AddressCapReached(4, 6)),
            Problems.Validation("a", "b"),
            Problems.NotFound("x"),
            Problems.NotFound("y"),
            Problems.Unavailable("x"),
            StorageFaults.Problem(),
        ];

        var varying = problems.GroupBy(p => p.Type).Where(g => g.Select(p => p.Title).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" | ", g.Select(p => p.Title).Distinct())}");
        Assert.Empty(varying);
    }

    [Fact]
    public async Task A_problem_names_its_instance_by_path_without_the_query_string()
    {
        var response = await _api.Client.GetAsync("/api/enrolments/inconnue?token=secret-du-lien");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.TryGetProperty("instance", out var instance), "no instance member");
        Assert.Equal("/api/enrolments/inconnue", instance.GetString());
    }

    [Fact]
    public async Task An_unknown_api_route_answers_a_404_problem_not_the_site_page()
    {
        var response = await _api.Client.GetAsync("/api/nulle-part");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_on_a_known_route_answers_a_405_problem_with_allow()
    {
        var response = await _api.Client.DeleteAsync("/api/enrolments");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_without_content_type_gets_a_415_problem_in_french()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"sessionId\":\"x\"}"));
        var response = await _api.Client.PostAsync("/api/enrolments", content);

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(errors);
        Assert.Contains("Format de requête non pris en charge", await response.Content.ReadAsStringAsync());
    }
}
