using System.Net;
using System.Text;
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

    public static ContentHttpResult For(ProblemDetails problem, string backUrl)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(problem.Title ?? "")).Append(" — MONALISA</title>");
        html.Append("<style>body{font:1.05rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b4f8a}</style></head><body><main>");
        html.Append("<h1>").Append(E(problem.Title ?? "")).Append("</h1>");
        if (problem.Detail is not null) html.Append("<p>").Append(E(problem.Detail)).Append("</p>");
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } invalid)
        {
            html.Append("<ul>");
            foreach (var (field, messages) in invalid.Errors)
                foreach (var message in messages)
                    html.Append("<li>").Append(E(message)).Append(" <small>(").Append(E(field)).Append(")</small></li>");
            html.Append("</ul>");
        }
        html.Append("<p><a href=\"").Append(E(backUrl)).Append("\">Revenir au formulaire</a> (utilisez le bouton « Retour » de votre navigateur pour retrouver vos saisies).</p>");
        html.Append("</main></body></html>");
        return ApiResults.Html(problem.Status ?? StatusCodes.Status400BadRequest, html.ToString());
    }

    private static string E(string text) => Html.Encode(text);
}
