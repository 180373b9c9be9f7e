using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content.Text;
using Monalisa.Domain.Surveys;
using Monalisa.Domain.Text;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Surveys;

/// <summary>
/// The console's questionnaires: sessions with their response counts and satisfaction rate, one session's averages,
/// before/after per objective and free text, and its answers as CSV. Answers are pseudonymous: no name anywhere.
/// </summary>
internal sealed class SurveyStaffFunctions(SurveyResults results, StaffAccess access, EnrolmentOptions options)
{
    public const string ListPath = "/api/equipe/questionnaires";

    [Function("StaffSurveys")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/questionnaires")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        var lines = await results.SessionsAsync(cancellationToken);
        return Page("equipe-questionnaires", "Questionnaires", member.Name, new()
        {
            ["sessions"] = lines.Select(View).ToList(),
        });
    }

    [Function("StaffSurvey")]
    public async Task<IActionResult> Session(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/questionnaires/{sessionId}")] HttpRequest request, string sessionId, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        if (await results.SessionAsync(sessionId, cancellationToken) is not { } detail) return NotFound();
        return Page("equipe-questionnaire", "Questionnaires de la session", member.Name, new()
        {
            ["session"] = View(detail.Line),
            ["averages"] = detail.Averages.Select(a => new { Survey = Label(a.Kind), a.Label, Mean = Mean(a.Mean), a.Count }).ToList(),
            ["acquisition"] = detail.Acquisition.Select(o => new { o.Objective, Before = Mean(o.Before), o.BeforeCount, After = Mean(o.After), o.AfterCount }).ToList(),
            ["comments"] = detail.Comments.Select(c => new { Survey = Label(c.Kind), c.Text }).ToList(),
            ["csv_url"] = $"{ListPath}/{Uri.EscapeDataString(sessionId)}/csv",
        });
    }

    [Function("StaffSurveyCsv")]
    public async Task<IActionResult> Csv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/questionnaires/{sessionId}/csv")] HttpRequest request, string sessionId, CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is StaffCheck.Refused refused) return refused.Result;
        if (await results.SessionAsync(sessionId, cancellationToken) is not { } detail) return NotFound();
        // One row per answer, one column per question of any questionnaire; the respondent is a number, never a name.
        var questions = detail.Averages.Select(a => a.QuestionId).Distinct(StringComparer.Ordinal).ToList();
        var csv = new CsvWriter().Row(["questionnaire", "repondant", "repondu_le", .. questions, "commentaire"]);
        var respondents = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var answer in detail.Answers)
        {
            if (!respondents.TryGetValue(answer.RespondentKey, out var number)) respondents[answer.RespondentKey] = number = respondents.Count + 1;
            csv.Row([Questionnaire.Key(answer.Kind), number.ToString(CultureInfo.InvariantCulture), answer.AnsweredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                .. questions.Select(q => answer.Answer.Scores.TryGetValue(q, out var s) ? s.ToString(CultureInfo.InvariantCulture) : ""), answer.Answer.Comment]);
        }
        return new FileDownload(csv.ToBytes(), "text/csv; charset=utf-8", $"questionnaires-{sessionId}.csv");
    }

    private static object View(SessionSurveyLine line) => new
    {
        line.SessionId,
        line.CourseTitle,
        Dates = FrenchFormat.Range(line.Start, line.End),
        line.City,
        line.Positioning,
        line.Hot,
        line.Cold,
        line.HotInvited,
        Rate = line.Rate is { } r ? $"{r.Percent} % ({r.Satisfied}/{r.Respondents})" : "—",
        Url = $"{ListPath}/{Uri.EscapeDataString(line.SessionId)}",
    };

    private static string Label(SurveyKind kind) => Questionnaire.Key(kind);

    private static string Mean(decimal? mean) => mean is { } m ? m.ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")) : "—";

    private IActionResult Page(string template, string title, string member, Dictionary<string, object?> model)
    {
        model["member"] = member;
        model["dashboard_url"] = StaffAccess.ConsoleHome;
        return ApiResults.Html(StatusCodes.Status200OK, PageRenderer.Api.Render(template, title, model, options.SiteOrigin)).ToActionResult();
    }

    private static IActionResult NotFound() =>
        ApiResults.Problem(Problems.NotFound("Aucune session de ce nom dans le catalogue.")).ToActionResult();
}
