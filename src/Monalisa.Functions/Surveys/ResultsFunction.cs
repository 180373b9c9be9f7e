using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using System.Globalization;

namespace Monalisa.Functions.Surveys;

/// <summary>
/// <c>GET api/resultats</c>: the published figures per course (indicator 2), read by the site build
/// (<c>--resultats</c>). Public: a rate, its respondents, its period and its computation date, the acquisition
/// means; never free text, never an answer. Cached briefly: the build reads it once per deployment.
/// </summary>
internal sealed class ResultsFunction(SurveyResults results, TimeProvider clock)
{
    public const string Route = "resultats";

    [Function("PublishedResults")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var courses = await results.PublishedAsync(cancellationToken);
        return new Http.PublicJson(new
        {
            computedAt = clock.GetUtcNow(),
            courses = courses.Select(c => new
            {
                slug = c.Slug,
                satisfaction = c.Satisfaction is { } s ? new
                {
                    rate = s.Percent,
                    respondents = s.Respondents,
                    satisfied = s.Satisfied,
                    periodStart = Iso(s.PeriodStart),
                    periodEnd = Iso(s.PeriodEnd),
                    computedAt = s.ComputedAt,
                } : null,
                acquisition = c.Acquisition.Where(o => o.Before is not null || o.After is not null).Select(o => new
                {
                    objective = o.Objective,
                    before = o.Before,
                    beforeRespondents = o.BeforeCount,
                    after = o.After,
                    afterRespondents = o.AfterCount,
                }),
            }),
        }, TimeSpan.FromMinutes(5));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
