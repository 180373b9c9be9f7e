using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content.Text;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;

namespace Monalisa.Functions.Invoicing;

/// <summary>
/// Downloads of issued documents, always the PDF issued (never printed again): the payer's tokenised link from the
/// email, and staff's link and list in the console. An unknown number and a wrong token get the same 404.
/// </summary>
internal sealed class InvoiceFunctions(ILedgerDocuments ledger, InvoiceLinks links, StaffAccess access, DocumentRows rows, EnrolmentOptions options)
{
    [Function("DownloadBillingDocument")]
    public async Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "factures/{number}")] HttpRequest request,
        string number,
        CancellationToken cancellationToken)
    {
        // The token is checked before any read: a wrong one costs no storage call, and says nothing of the number.
        if (DocumentNumber.Parse(number) is null || !links.Matches(number, request.Query["token"].ToString())
            || await ledger.GetAsync(number, cancellationToken) is not { } document)
            return NotFound();
        return new FileDownload(document.Pdf, "application/pdf", InvoicePaths.FileName(number));
    }

    [Function("StaffDownloadBillingDocument")]
    public async Task<IActionResult> StaffDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/factures/{number}")] HttpRequest request,
        string number,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is StaffCheck.Refused refused) return refused.Result;
        return await ledger.GetAsync(number, cancellationToken) is { } document
            ? new FileDownload(document.Pdf, "application/pdf", InvoicePaths.FileName(number))
            : NotFound();
    }

    [Function("StaffConsoleBillingDocuments")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "equipe/factures")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;
        var documents = await rows.AllAsync(cancellationToken);
        var html = PageRenderer.Api.Render("equipe-factures", "Factures et avoirs", new Dictionary<string, object?>
        {
            ["documents"] = documents,
            ["member"] = member.Name,
            ["dashboard_url"] = StaffAccess.ConsoleHome,
        }, options.SiteOrigin);
        return ApiResults.Html(StatusCodes.Status200OK, html).ToActionResult();
    }

    private static IActionResult NotFound() =>
        ApiResults.Problem(Problems.NotFound("Aucune facture ni aucun avoir ne correspond à ce lien.")).ToActionResult();
}
