using Monalisa.Content.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Monalisa.Functions.Http;

/// <summary>
/// For a browser that sent the plain HTML form (no JavaScript): the same problem, as a readable French page with a
/// way back, instead of raw JSON. Requests that ask for JSON still get application/problem+json.
/// </summary>
internal static class FormErrorPage
{
    public static bool Wanted(HttpRequest request) =>
        BodyReader.IsForm(request) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static ContentHttpResult For(ProblemDetails problem, string backUrl) =>
        ApiResults.Html(problem.Status ?? StatusCodes.Status400BadRequest, PageRenderer.Api.Render("erreur-formulaire", problem.Title ?? "", new Dictionary<string, object?>
        {
            ["detail"] = problem.Detail,
            ["errors"] = (problem is HttpValidationProblemDetails invalid ? invalid.Errors : new Dictionary<string, string[]>())
                .SelectMany(e => e.Value.Select(message => new { Field = e.Key, Message = message })).ToList(),
            ["back_url"] = backUrl,
        }));
}
