using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Text;

namespace Monalisa.Domain.Tests;

public sealed class EnrolmentDeadlineTests
{
    private static readonly DateOnly Start = new(2027, 3, 16);
    private static readonly CourseSession Session = new CourseBuilder().WithSession("s1", Start).Build().Sessions[0];

    [Fact]
    public void A_session_is_open_until_the_published_number_of_days_before_its_start_then_closed()
    {
        var deadline = new EnrolmentDeadline(7);
        Assert.Equal(new DateOnly(2027, 3, 9), deadline.LastEnrolmentDay(Start));
        Assert.Equal(SessionStatus.Open, Session.StatusOn(new DateOnly(2027, 3, 9), 5, deadline));
        Assert.Equal(SessionStatus.Closed, Session.StatusOn(new DateOnly(2027, 3, 10), 5, deadline));
        Assert.Equal(SessionStatus.Closed, Session.StatusOn(new DateOnly(2027, 3, 10), 0, deadline));
        Assert.Equal(SessionStatus.Past, Session.StatusOn(new DateOnly(2027, 3, 18), 5, deadline));
    }

    [Fact]
    public void Without_a_delay_a_session_closes_on_its_first_day()
    {
        Assert.Equal(SessionStatus.Open, Session.StatusOn(new DateOnly(2027, 3, 15), 5, EnrolmentDeadline.None));
        Assert.Equal(SessionStatus.Closed, Session.StatusOn(Start, 5, EnrolmentDeadline.None));
    }

    [Fact]
    public void A_submission_inside_the_delay_is_refused_on_the_session_field()
    {
        var course = new CourseBuilder().WithSession("s1", Start).Build();
        var catalogue = new CourseCatalogue([course], new EnrolmentDeadline(7));
        var submission = new EnrolmentSubmission { SessionId = "s1" };

        var open = EnrolmentValidator.Validate(submission, catalogue, new DateOnly(2027, 3, 9));
        var late = EnrolmentValidator.Validate(submission, catalogue, new DateOnly(2027, 3, 10));

        Assert.DoesNotContain(EnrolmentMessages.SessionClosed, Errors(open));
        Assert.Contains(EnrolmentMessages.SessionClosed, Errors(late));
    }

    [Fact]
    public void Cities_are_listed_as_french_writes_them()
    {
        Assert.Equal("", FrenchFormat.List([]));
        Assert.Equal("Lyon", FrenchFormat.List(["Lyon"]));
        Assert.Equal("Lyon et Paris", FrenchFormat.List(["Lyon", "Paris"]));
        Assert.Equal("Lyon, Paris et Bordeaux", FrenchFormat.List(["Lyon", "Paris", "Bordeaux"]));
    }

    private static IEnumerable<string> Errors(ValidationOutcome<EnrolmentRequest> outcome) =>
        outcome is ValidationOutcome<EnrolmentRequest>.Invalid invalid ? invalid.Errors.ToDictionary().GetValueOrDefault("sessionId", []) : [];
}
