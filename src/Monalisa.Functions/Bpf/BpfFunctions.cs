using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Content.Text;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Bpf;

/// <summary>
/// The BPF in the staff console (role staff only): the year's page in the Cerfa's order (printable), its CSV, and the
/// correction of an enrolment's funding class, which goes through the enrolment's transitions (timeline: who, when, why).
/// </summary>
internal sealed class BpfFunctions(BpfYearReader reader, EnrolmentTransitions transitions, StaffAccess access, EnrolmentOptions options)
{
    public const int MaxReasonLength = 500;

    [Function("StaffBpfLatest")]
    public IActionResult Latest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BpfRoutes.Latest)] HttpRequest request)
    {
        if (access.Check(request, StaffRoles.Staff) is StaffCheck.Refused refused) return refused.Result;
        return ApiResults.SeeOther(BpfRoutes.PagePath(reader.Today.Year - 1)).ToActionResult();
    }

    [Function("StaffBpfPage")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BpfRoutes.Page)] HttpRequest request,
        string year,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (Year(year) is not { } valid) return BadYear(member, year);
        var report = await reader.ReportAsync(valid, cancellationToken);
        var model = BpfViews.Model(report);
        model["member"] = member.Name;
        model["dashboard_url"] = StaffAccess.ConsoleHome;
        model["has_next"] = valid < reader.Today.Year;
        model["reason_max"] = MaxReasonLength;
        model["done"] = request.Query["fait"].ToString() == "classe-corrigee" ? "classe-corrigee" : null;
        return ApiResults.Html(StatusCodes.Status200OK,
            PageRenderer.Api.Render("equipe-bpf", $"Bilan pédagogique et financier {valid}", model, options.SiteOrigin)).ToActionResult();
    }

    [Function("StaffBpfCsv")]
    public async Task<IActionResult> Csv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BpfRoutes.Csv)] HttpRequest request,
        string year,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is StaffCheck.Refused refused) return refused.Result;
        if (Year(year) is not { } valid)
            return ApiResults.Problem(Problems.Validation("year", YearMessage(year))).ToActionResult();
        var report = await reader.ReportAsync(valid, cancellationToken);
        return new FileDownload(BpfViews.Csv(report), "text/csv; charset=utf-8", $"bpf-{valid}.csv");
    }

    /// <summary><c>{class: "Company"|"Opco"|"PublicBody"|"Individual"|"Other", reason: "…", year: 2031}</c> (form or JSON).</summary>
    [Function("StaffCorrectFundingClass")]
    public async Task<IActionResult> Correct(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BpfRoutes.Correction)] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        var back = BpfRoutes.PagePath(reader.Today.Year - 1);
        if (body is Body.Rejected rejected) return Problem(request, rejected.Problem, back);
        FundingClass funding = default;
        string reason;
        using (var fields = FieldSource.Of(body))
        {
            if (fields.Int("year") is { } year && reader.Accepts(year)) back = BpfRoutes.PagePath(year);
            var text = fields.Text("class")?.Trim();
            // One of the names exactly: Enum.TryParse would also take « 3 » or « Opco,PublicBody ».
            if (text is null || !Enum.GetNames<FundingClass>().Contains(text, StringComparer.Ordinal) || !Enum.TryParse(text, out funding))
                fields.Errors.Add("class", "Choisissez la ligne du BPF : entreprise (C1), OPCO ou fonds (C2), pouvoir public (C3), particulier (C9) ou autre (C11).");
            reason = fields.Text("reason")?.Trim() ?? "";
            if (reason.Length == 0) fields.Errors.Add("reason", "Indiquez pourquoi la classe est corrigée : le comptable la relira.");
            else if (reason.Length > MaxReasonLength) fields.Errors.Add("reason", $"La raison ne doit pas dépasser {MaxReasonLength} caractères ; elle en compte {reason.Length}.");
            if (fields.Errors.Any) return Problem(request, Problems.Validation(fields.Errors), back);
        }
        var outcome = await transitions.ApplyAsync(id, new EnrolmentCommand.FundingClassCorrected(funding, reason, member.Name), member.Actor, cancellationToken);
        return outcome switch
        {
            TransitionOutcome.Applied or TransitionOutcome.Unchanged => BodyReader.IsForm(request)
                ? ApiResults.SeeOther(back + "?fait=classe-corrigee").ToActionResult()
                : TypedResults.Ok(new CorrectionView(id, funding.ToString(), member.Name)).ToActionResult(),
            TransitionOutcome.Refused => Problem(request, Problems.Validation("reason", "Indiquez pourquoi la classe est corrigée."), back),
            _ => Problem(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), back),
        };
    }

    internal sealed record CorrectionView(string Id, string Class, string By);

    /// <summary>A year the BPF can be computed for, or null (not a number, before the product, or not begun).</summary>
    private int? Year(string text) =>
        text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && reader.Accepts(year) ? year : null;

    private string YearMessage(string text) =>
        $"« {FieldSource.Shorten(text)} » n’est pas une année de BPF : indiquez une année de {BpfYearReader.FirstYear} à {reader.Today.Year}, par exemple {reader.Today.Year - 1}.";

    private IActionResult BadYear(Identity.StaffMember member, string text)
    {
        var html = PageRenderer.Api.Render("equipe-bpf-annee", "Année de BPF invalide", new Dictionary<string, object?>
        {
            ["message"] = YearMessage(text), ["member"] = member.Name, ["dashboard_url"] = StaffAccess.ConsoleHome,
            ["latest_url"] = BpfRoutes.PagePath(reader.Today.Year - 1),
        }, options.SiteOrigin);
        return ApiResults.Html(StatusCodes.Status400BadRequest, html).ToActionResult();
    }

    private static IActionResult Problem(HttpRequest request, ProblemDetails problem, string back) =>
        FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, back).ToActionResult() : ApiResults.Problem(problem).ToActionResult();

    private IActionResult Refusal(HttpRequest request) => ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
}
