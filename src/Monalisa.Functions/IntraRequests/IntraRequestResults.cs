using Monalisa.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Tariffs;
using SubmitResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<Monalisa.Functions.IntraRequests.IntraRequestCreatedView>,
    Microsoft.AspNetCore.Http.HttpResults.Accepted<Monalisa.Functions.Enrolment.ReceivedView>,
    Monalisa.Functions.Http.SeeOtherHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult>;

namespace Monalisa.Functions.IntraRequests;

/// <summary>Every HTTP answer of the intra-request API, from the handler's outcomes.</summary>
internal sealed class IntraRequestResults(EnrolmentOptions options)
{
    public SubmitResult Submitted(HttpRequest request, IntraOutcome outcome) => outcome switch
    {
        IntraOutcome.Received received => Received(request, received),
        IntraOutcome.Dropped => BodyReader.IsForm(request)
            ? ApiResults.SeeOther(options.SitePage(SitePages.IntraRequestReceived))
            : TypedResults.Accepted((string?)null, ReceivedView.Received),
        IntraOutcome.Invalid invalid => Failed(request, Problems.Validation(invalid.Errors)),
        _ => Failed(request, Problems.Unprocessable("Cette clé d'idempotence a déjà servi pour une autre demande.")),
    };

    public Results<Ok<IntraRequestStatusView>, ProblemHttpResult> Status(IntraRequestRecord? found) =>
        found is null
            ? ApiResults.Problem(Problems.NotFound("Aucune demande ne correspond à ce lien."))
            : TypedResults.Ok(new IntraRequestStatusView(found.Id, "received", found.Request.Organisation, found.Request.Participants, found.Request.CourseSlug,
                [.. found.Lines.Select(QuoteLineView.From)], Money.FromCents(found.TotalCents)));

    /// <summary>A problem as JSON, or as a French page for a browser that posted the plain form.</summary>
    public SubmitResult Failed(HttpRequest request, ProblemDetails problem) =>
        FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, options.SitePage(SitePages.Home)) : ApiResults.Problem(problem);

    private SubmitResult Received(HttpRequest request, IntraOutcome.Received received)
    {
        var query = SitePages.Access(received.Request.Id, received.Token);
        if (BodyReader.IsForm(request)) return ApiResults.SeeOther(options.SitePage(SitePages.IntraRequestReceived, query));
        var statusUrl = $"{request.Scheme}://{request.Host}/api/intra-requests/{Uri.EscapeDataString(received.Request.Id)}?{SitePages.TokenOnly(received.Token)}";
        return TypedResults.Created(statusUrl, new IntraRequestCreatedView(received.Request.Id, "received", Money.FromCents(received.Request.TotalCents), statusUrl));
    }
}

internal sealed record IntraRequestCreatedView(string Id, string Status, decimal Total, string StatusUrl);

internal sealed record IntraRequestStatusView(
    string Id, string Status, string Organisation, int Participants, string Course, IReadOnlyList<QuoteLineView> Lines, decimal Total);
