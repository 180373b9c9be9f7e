using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Surveys;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;
using Monalisa.Functions.Surveys;

namespace Monalisa.Functions.Email;

/// <summary>
/// The questionnaire emails (invitation and reminder): the address is read now from the enrolment the row names (an
/// anonymised enrolment sends nothing), the personal link made from the pseudonym; a reminder whose questionnaire was
/// answered meanwhile sends nothing.
/// </summary>
internal sealed class SurveyEmails(EnrolmentStore enrolments, SurveyStore surveys, TraineeLocks locks, TraineeLinks links, CourseCatalogue catalogue, EnrolmentOptions site)
{
    public async Task<Composition> ComposeAsync(string outboxId, string kind, RecipientRole role, int? traineeIndex, string partition, string? survey, string enrolmentId, CancellationToken cancellationToken)
    {
        if (Questionnaire.Parse(survey) is not { } surveyKind) return new Composition.Nothing("unknown questionnaire");
        if (await enrolments.GetAsync(enrolmentId, cancellationToken) is not { } enrolment) return new Composition.Nothing("enrolment not found");
        if (enrolment.AnonymisedAt is not null) return new Composition.Nothing("enrolment anonymised");
        EmailAddress to;
        string firstName;
        if (role == RecipientRole.Trainee && traineeIndex is { } i && i >= 0 && i < enrolment.Trainees.Count)
        {
            to = new EmailAddress(enrolment.Trainees[i].Email, FrenchText.FullName(enrolment.Trainees[i]));
            firstName = enrolment.Trainees[i].FirstName;
        }
        else if (role == RecipientRole.Payer && surveyKind == SurveyKind.Employer)
        {
            to = new EmailAddress(enrolment.Payer.Email, SafeName.Of(enrolment.Payer.Name));
            firstName = "";
        }
        else return new Composition.Nothing("no recipient");

        var respondentKey = locks.TraineeKey(to.Address);
        if (kind == EmailKind.SurveyReminder && await surveys.GetAsync(partition, SurveyKeys.Answer(surveyKind, respondentKey), cancellationToken) is not null)
            return new Composition.Nothing("already answered");
        var token = links.Token(SurveyLinks.PurposeOf(surveyKind), partition, respondentKey);
        var found = catalogue.FindSession(enrolment.SessionId);
        var year = surveyKind == SurveyKind.Employer && partition.StartsWith(SurveyKeys.EmployerPartitionPrefix, StringComparison.Ordinal) ? partition[SurveyKeys.EmployerPartitionPrefix.Length..] : "";
        if (surveyKind != SurveyKind.Employer && found is null) return new Composition.Nothing("session no longer in the catalogue");
        var rendered = MailRenderer.Render(kind, new Dictionary<string, object?>
        {
            ["survey"] = Questionnaire.Key(surveyKind),
            ["first_name"] = firstName,
            ["organisation"] = enrolment.Payer.Name,
            ["course"] = found?.Course,
            ["session"] = found?.Session,
            ["year"] = year,
            ["link"] = site.SitePage(SurveyLinks.Path(surveyKind, partition, respondentKey), Monalisa.Content.SitePages.TokenOnly(token)),
            ["reminder_days"] = (int)SurveySchedule.ReminderAfter.TotalDays,
            ["signature"] = EmailTemplates.SignatureText,
        });
        return new Composition.Ready(new EmailMessage(outboxId, kind, [to], rendered.Subject, rendered.Html, rendered.Text, []));
    }
}
