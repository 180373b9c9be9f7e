using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Monalisa.Content.Text;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Surveys;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Surveys;

/// <summary>
/// The questionnaire links (<c>api/questionnaires/{survey}/{partition}/{respondentKey}?token=</c>): GET shows the form,
/// POST records the answer once. Rate-limited, then one 404 page for a wrong survey, key, token or an uninvited
/// respondent. Also the hourly timer that sends what is due and the nightly retention of the answers.
/// </summary>
internal sealed class SurveyFunctions(
    SurveyStore store, SurveySender sender, TraineeLinks links, FormGate gate, CourseCatalogue catalogue, EnrolmentOptions options,
    TimeProvider clock, ILogger<SurveyFunctions> logger)
{
    private const string NotFound = "Ce lien de questionnaire n'existe pas ou n'est plus valable. Utilisez le lien de l'e-mail reçu, ou écrivez à l'équipe formation.";

    /// <summary>Answers, invitations and their emails are deleted this long after they were written (see docs/legal.md).</summary>
    public const int RetentionMonths = 36;

    [Function("ShowSurvey")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "questionnaires/{survey}/{partition}/{respondentKey}")] HttpRequest request,
        string survey, string partition, string respondentKey, CancellationToken cancellationToken)
    {
        var (opened, refused) = await OpenAsync(request, survey, partition, respondentKey, request.Query["token"].ToString(), cancellationToken);
        if (refused is not null) return refused;
        if (await store.GetAsync(partition, SurveyKeys.Answer(opened!.Kind, respondentKey), cancellationToken) is not null) return AlreadyAnswered(200);
        return Form(200, opened, null, null);
    }

    [Function("AnswerSurvey")]
    public async Task<IActionResult> Answer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "questionnaires/{survey}/{partition}/{respondentKey}")] HttpRequest request,
        string survey, string partition, string respondentKey, CancellationToken cancellationToken)
    {
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return ApiResults.Problem(rejected.Problem).ToActionResult();
        using var fields = FieldSource.Of(body);
        var token = fields.Text("token");
        if (string.IsNullOrEmpty(token)) token = request.Query["token"].ToString();
        var (opened, refused) = await OpenAsync(request, survey, partition, respondentKey, token, cancellationToken);
        if (refused is not null) return refused;
        var typed = opened!.Questionnaire.Questions.ToDictionary(q => q.Id, q => fields.Text(q.Id), StringComparer.Ordinal);
        switch (SurveyAnswer.Check(opened.Questionnaire, typed))
        {
            case ValidationOutcome<SurveyAnswer>.Invalid invalid:
                return BodyReader.IsForm(request)
                    ? Form(400, opened, typed, invalid.Errors.ToDictionary())
                    : ApiResults.Problem(Problems.Validation(invalid.Errors)).ToActionResult();
            case ValidationOutcome<SurveyAnswer>.Valid { Value: var answer }:
                if (!await store.AnswerAsync(partition, opened.Kind, respondentKey, opened.Subject, answer, clock.GetUtcNow(), cancellationToken))
                    return AlreadyAnswered(409);
                return Message(200, "Merci pour vos réponses", "Vos réponses sont enregistrées. Elles nous aident à améliorer nos formations.");
            default:
                return Message(404, "Lien introuvable", NotFound);
        }
    }

    /// <summary>Every hour: the questionnaires due and their reminders (each once, whatever the number of runs).</summary>
    [Function("SendSurveys")]
    public async Task Run([TimerTrigger("0 7 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var sent = await sender.RunAsync(cancellationToken);
        if (sent.Invitations + sent.Reminders > 0) logger.LogInformation("Questionnaires: {Invitations} sent, {Reminders} reminders.", sent.Invitations, sent.Reminders);
    }

    /// <summary>Every night: answers and invitations older than <see cref="RetentionMonths"/> are deleted (free text may hold personal data).</summary>
    [Function("ApplySurveyRetention")]
    public async Task Retain([TimerTrigger("0 45 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var deleted = await store.PurgeBeforeAsync(clock.GetUtcNow().AddMonths(-RetentionMonths), cancellationToken);
        if (deleted > 0) logger.LogInformation("Questionnaires: {Count} rows deleted by retention.", deleted);
    }

    private async Task<(OpenedSurvey?, IActionResult?)> OpenAsync(HttpRequest request, string survey, string partition, string respondentKey, string? token, CancellationToken cancellationToken)
    {
        if (await gate.CheckLinkAsync(request, $"questionnaire|{partition}|{respondentKey}", cancellationToken) is { } limited) return (null, limited.ToActionResult());
        var notFound = (null as OpenedSurvey, Message(404, "Lien introuvable", NotFound));
        if (Questionnaire.Parse(survey) is not { } kind) return notFound;
        if (!links.Matches(token, SurveyLinks.PurposeOf(kind), partition, respondentKey)) return notFound;
        if (await store.GetAsync(partition, SurveyKeys.Invitation(kind, respondentKey), cancellationToken) is null) return notFound;
        if (kind == SurveyKind.Employer)
        {
            if (!partition.StartsWith(SurveyKeys.EmployerPartitionPrefix, StringComparison.Ordinal)
                || !int.TryParse(partition[SurveyKeys.EmployerPartitionPrefix.Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year))
                return notFound;
            return (new OpenedSurvey(kind, partition, respondentKey, token!, Questionnaire.For(kind, null),
                new SurveySubject("", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)), null, null, year), null);
        }
        if (catalogue.FindSession(partition) is not { } found) return notFound;
        return (new OpenedSurvey(kind, partition, respondentKey, token!, Questionnaire.For(kind, found.Course),
            new SurveySubject(found.Course.Slug, found.Session.Start, found.Session.End), found.Course, found.Session, null), null);
    }

    private IActionResult Form(int status, OpenedSurvey opened, IReadOnlyDictionary<string, string?>? typed, IReadOnlyDictionary<string, string[]>? errors) =>
        ApiResults.Html(status, PageRenderer.Api.Render("questionnaire", opened.Questionnaire.Title, SurveyForms.Model(opened, typed, errors), options.SiteOrigin)).ToActionResult();

    private IActionResult AlreadyAnswered(int status) =>
        Message(status, "Vous avez déjà répondu", "Vous avez déjà répondu à ce questionnaire : votre première réponse est enregistrée et ne peut plus être modifiée. Merci !");

    private IActionResult Message(int status, string title, string message) =>
        MessagePage.For(status, title, message, options.SiteOrigin);
}
