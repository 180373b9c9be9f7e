using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Monalisa.Functions.Http;

/// <summary>
/// The staff console's forms post to the staff API routes: a form gets the enrolment's console page back (303, with
/// <c>?fait=</c> what was done) or the French error page with a way back; JSON clients get the API's answer unchanged.
/// </summary>
internal static class ConsoleReplies
{
    public static string EnrolmentPage(string enrolmentId) => $"/api/equipe/inscriptions/{Uri.EscapeDataString(enrolmentId)}";

    /// <summary>The console's 404 page (equipe-introuvable.liquid): which kind of thing was not found, and the way back.</summary>
    public static IActionResult NotFoundPage(string what, string member, string dashboardUrl, string siteOrigin)
    {
        var html = Content.Text.PageRenderer.Api.Render("equipe-introuvable", "Page introuvable", new Dictionary<string, object?>
        {
            ["what"] = what, ["member"] = member, ["dashboard_url"] = dashboardUrl,
        }, siteOrigin);
        return ApiResults.Html(StatusCodes.Status404NotFound, html).ToActionResult();
    }

    public static IActionResult Reply(HttpRequest request, string enrolmentId, string done, IResult result)
    {
        if (!BodyReader.IsForm(request)) return result.ToActionResult();
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner switch
        {
            ProblemHttpResult problem when FormErrorPage.Wanted(request) => FormErrorPage.For(problem.ProblemDetails, EnrolmentPage(enrolmentId)).ToActionResult(),
            ProblemHttpResult => result.ToActionResult(),
            _ => ApiResults.SeeOther($"{EnrolmentPage(enrolmentId)}?fait={done}").ToActionResult(),
        };
    }
}
