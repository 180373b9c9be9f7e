using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Content.Text;
using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Conventions;

/// <summary>
/// The convention de formation's links. The payer's (emailed, tokenised: EmailedLinks) shows it with the acceptance
/// form, accepts it, and serves its PDF; staff's shows or prints it from the console. Transport only: the text is
/// ConventionWriter's, the decision the domain's, the write the enrolment store's.
/// </summary>
internal sealed class ConventionFunctions(
    EmailedLinks links, ConventionDocuments documents, ConventionAcceptances acceptances, EnrolmentStore store, StaffAccess access, EnrolmentOptions options)
{
    private const string NotFound = "Ce lien de convention de formation n'existe pas ou n'est plus valable. Utilisez le lien de l'e-mail reçu à l'inscription, ou écrivez à l'équipe formation.";

    [Function("ShowConvention")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "conventions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, token, refused) = await OpenAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        return Page(200, enrolment, documents.For(enrolment)!, token, null, null);
    }

    [Function("AcceptConvention")]
    public async Task<IActionResult> Accept(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "conventions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        // The link reader takes the token from the posted form; the fields are read again from the start of the body.
        request.EnableBuffering();
        var (enrolment, token, refused) = await OpenAsync(request, id, cancellationToken);
        if (refused is not null) return refused;
        request.Body.Position = 0;
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return ApiResults.Problem(rejected.Problem).ToActionResult();
        using var fields = FieldSource.Of(body);
        var form = new ConventionAcceptanceForm(
            fields.Text(ConventionAcceptanceForm.NameField), fields.Text(ConventionAcceptanceForm.RoleField),
            fields.Bool(ConventionAcceptanceForm.AcceptedField), fields.Text(ConventionAcceptanceForm.VersionField));
        if (fields.Errors.Any) return ApiResults.Problem(Problems.Validation(fields.Errors)).ToActionResult();
        var html = BodyReader.IsForm(request);
        return await acceptances.AcceptAsync(enrolment, form, cancellationToken) switch
        {
            AcceptanceOutcome.Accepted { Enrolment: var after } => html
                ? Page(200, after, documents.For(after)!, token, null, null)
                : Json(200, after),
            AcceptanceOutcome.AlreadyAccepted { Enrolment: var same } => html
                ? Page(200, same, documents.For(same)!, token, null, null)
                : Json(200, same),
            // The page comes back with the text as it is now, its new hash, what was typed, and one message per field.
            AcceptanceOutcome.Invalid { Errors: var errors, Convention: var convention } => html
                ? Page(400, enrolment, convention, token, errors, form)
                : ApiResults.Problem(Problems.Validation(errors)).ToActionResult(),
            _ => links.Page(409, "Convention close", "Cette inscription n'attend plus d'acceptation de convention (annulée, expirée ou close). Écrivez à l'équipe formation si besoin."),
        };
    }

    [Function("ConventionPdf")]
    public async Task<IActionResult> Pdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "conventions/{id}/pdf")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (enrolment, _, refused) = await OpenAsync(request, id, cancellationToken);
        return refused ?? PdfOf(enrolment);
    }

    [Function("StaffConvention")]
    public async Task<IActionResult> StaffShow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/inscriptions/{id}/convention")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is StaffCheck.Refused staffRefused) return staffRefused.Result;
        if (await StaffOpenAsync(id, cancellationToken) is not { } enrolment) return StaffNotFound();
        return ApiResults.Html(200, PageRenderer.Api.Render("convention", "Convention de formation", Model(enrolment, documents.For(enrolment)!, "", null, null, staff: true), options.SiteOrigin)).ToActionResult();
    }

    [Function("StaffConventionPdf")]
    public async Task<IActionResult> StaffPdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/inscriptions/{id}/convention/pdf")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is StaffCheck.Refused staffRefused) return staffRefused.Result;
        return await StaffOpenAsync(id, cancellationToken) is { } enrolment ? PdfOf(enrolment) : StaffNotFound();
    }

    /// <summary>The enrolment a payer's link opens: rate-limited, one 404 for a wrong id, a wrong token, or an enrolment without a convention.</summary>
    private async Task<(EnrolmentRecord Enrolment, string Token, IActionResult? Refused)> OpenAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var opened = await links.OpenAsync(request, id, NotFound, cancellationToken);
        if (opened.Refused is null && documents.For(opened.Enrolment) is null)
            return (opened.Enrolment, opened.Token, links.Page(404, "Lien introuvable", NotFound));
        return opened;
    }

    private async Task<EnrolmentRecord?> StaffOpenAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } enrolment && documents.For(enrolment) is not null ? enrolment : null;

    private IActionResult StaffNotFound() =>
        ApiResults.Problem(Problems.NotFound("Aucune convention de formation pour cette inscription (inscription introuvable, ou stagiaire à ses frais : voir son contrat).")).ToActionResult();

    private IActionResult PdfOf(EnrolmentRecord enrolment) =>
        new FileDownload(documents.Pdf(documents.For(enrolment)!, enrolment), "application/pdf", TrainingConvention.PdfFileName);

    private IActionResult Page(int status, EnrolmentRecord enrolment, TrainingConvention convention, string token, FieldErrors? errors, ConventionAcceptanceForm? typed) =>
        ApiResults.Html(status, PageRenderer.Api.Render("convention", "Convention de formation", Model(enrolment, convention, token, errors, typed, staff: false), options.SiteOrigin)).ToActionResult();

    private static Dictionary<string, object?> Model(EnrolmentRecord enrolment, TrainingConvention convention, string token, FieldErrors? errors, ConventionAcceptanceForm? typed, bool staff) => new()
    {
        ["convention_html"] = ConventionDocuments.ToHtml(convention),
        ["sha256"] = convention.Sha256,
        ["acceptance"] = enrolment.ConventionAcceptance,
        ["can_accept"] = !staff && ConventionDecisions.CanAccept(enrolment),
        ["confirms"] = enrolment.State == EnrolmentState.AwaitingInvoice,
        ["purchase_order"] = ConventionDecisions.PurchaseOrderStandsIn(enrolment),
        ["staff"] = staff,
        ["enrolment_id"] = enrolment.Id,
        ["token"] = token,
        ["token_query"] = SitePages.TokenOnly(token),
        ["errors"] = (errors?.ToDictionary() ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value.Select(m => new { Field = e.Key, Message = m })).ToList(),
        ["typed_name"] = typed?.SignatoryName,
        ["typed_role"] = typed?.SignatoryRole,
        ["fields"] = new { Name = ConventionAcceptanceForm.NameField, Role = ConventionAcceptanceForm.RoleField, Accept = ConventionAcceptanceForm.AcceptedField, Version = ConventionAcceptanceForm.VersionField },
    };

    /// <summary>JSON callers get the acceptance as stored (no personal data beyond what they typed).</summary>
    private static IActionResult Json(int status, EnrolmentRecord enrolment) =>
        new ObjectResult(new { id = enrolment.Id, state = enrolment.State.ToString(), acceptance = enrolment.ConventionAcceptance }) { StatusCode = status };
}
