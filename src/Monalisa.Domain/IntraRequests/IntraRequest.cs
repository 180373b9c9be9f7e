using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Validation;
using M = Monalisa.Domain.Enrolment.EnrolmentMessages;

namespace Monalisa.Domain.IntraRequests;

/// <summary>A request for a session inside one organisation, as sent by the form or as JSON.</summary>
public sealed record IntraRequestSubmission
{
    public string? CourseSlug { get; init; }
    public string? Organisation { get; init; }
    public string? ContactName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public int? Participants { get; init; }
    public string? Periods { get; init; }
    public string? Place { get; init; }
    public string? Message { get; init; }
    public bool? Consent { get; init; }
    public string? Website { get; init; }
    public long? RenderedAt { get; init; }
    public long? SubmittedAt { get; init; }
}

public sealed record IntraRequest(
    string CourseSlug, string Organisation, string ContactName, string Email, string? Phone, int Participants,
    string? Periods, string? Place, string? Message);

public static class IntraRequestValidator
{
    public static ValidationOutcome<IntraRequest> Validate(IntraRequestSubmission submission, CourseCatalogue catalogue)
    {
        var errors = new FieldErrors();
        var slug = EnrolmentValidator.Text(submission.CourseSlug);
        if (slug is null) errors.Add("courseSlug", M.CourseRequired);
        else if (catalogue.FindCourse(slug) is not { } course) errors.Add("courseSlug", M.CourseUnknown);
        else if (course.Tariffs.IntraFlatPerDay is null) errors.Add("courseSlug", M.IntraNotOffered);

        var organisation = EnrolmentValidator.Required(submission.Organisation, FieldLimits.Organisation, "organisation", M.OrganisationRequired, errors);
        var contact = EnrolmentValidator.Required(submission.ContactName, FieldLimits.Name, "contactName", M.ContactNameRequired, errors);
        var email = EnrolmentValidator.Email(submission.Email, "email", M.EmailRequired, errors);
        var phone = EnrolmentValidator.Phone(submission.Phone, "phone", errors);
        if (submission.Participants is not (>= 1 and <= FieldLimits.MaxIntraParticipants)) errors.Add("participants", M.ParticipantsInvalid);
        var periods = EnrolmentValidator.Limited(submission.Periods, FieldLimits.LongText, "periods", errors);
        var place = EnrolmentValidator.Limited(submission.Place, FieldLimits.Address, "place", errors);
        var message = EnrolmentValidator.Limited(submission.Message, FieldLimits.LongText, "message", errors);
        if (submission.Consent != true) errors.Add("consent", M.ConsentRequired);

        if (errors.Any) return new ValidationOutcome<IntraRequest>.Invalid(errors);
        return new ValidationOutcome<IntraRequest>.Valid(
            new IntraRequest(slug!, organisation!, contact!, email!, phone, submission.Participants!.Value, periods, place, message));
    }
}
