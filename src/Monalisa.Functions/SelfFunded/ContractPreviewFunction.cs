using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.SelfFunded;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.SelfFunded;

/// <summary>
/// <c>POST /api/contracts/preview</c>: the contract of the person the enrolment form describes (name, category, address),
/// signed today, with its SHA-256. The form shows this text and posts this hash; the submission renders it again from
/// the same fields and compares, so what the trainee read is what they accept. Nothing is stored; the body is personal
/// data, so it goes in a POST body (never a URL) and is never logged.
/// </summary>
internal sealed class ContractPreviewFunction(CourseCatalogue catalogue, ContractParties contractParties, TimeProvider clock)
{
    [Function("PreviewContract")]
    public async Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "contracts/preview")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return ApiResults.Problem(rejected.Problem).ToActionResult();
        using var fields = FieldSource.Of(body);
        var submission = SubmissionParser.Parse(fields);
        if (submission is null) return ApiResults.Problem(Problems.Validation(fields.Errors)).ToActionResult();
        if (EnrolmentValidator.Text(submission.SessionId) is not { } sessionId || catalogue.FindSession(sessionId) is not { } found)
            return ApiResults.Problem(Problems.Validation("sessionId", EnrolmentMessages.SessionUnknown)).ToActionResult();
        var checkedTrainee = EnrolmentValidator.ValidateContractTrainee(submission);
        if (checkedTrainee is not ValidationOutcome<ContractTrainee>.Valid { Value: var trainee })
            return ApiResults.Problem(Problems.Validation(((ValidationOutcome<ContractTrainee>.Invalid)checkedTrainee).Errors)).ToActionResult();
        var today = clock.Today();
        var contract = TrainingContractWriter.For(found.Course, found.Session, contractParties, trainee, today);
        return TypedResults.Ok(new ContractPreview(contract.Title, [.. contract.Sections.Select(s => new ContractPreviewSection(s.Heading, s.Paragraphs))], contract.Sha256))
            .ToActionResult();
    }
}

/// <summary>The contract as the form shows it: title, articles, and the hash the form posts back as <c>contractVersion</c>.</summary>
internal sealed record ContractPreview(string Title, IReadOnlyList<ContractPreviewSection> Sections, string Sha256);

internal sealed record ContractPreviewSection(string Heading, IReadOnlyList<string> Paragraphs);
