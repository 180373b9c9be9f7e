using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Testing;

/// <summary>
/// The real first course, with its sessions renamed with fresh ids so that tests sharing one Azurite never see
/// each other's seats. Prices, days and texts stay those of the course file.
/// </summary>
public sealed class TestCourse
{
    public const string RealSlug = "animer-une-strategie-de-cooperation-monalisa";

    public TestCourse(int capacity = 12)
    {
        var real = CourseContent.LoadEmbeddedCatalogue().FindCourse(RealSlug)!;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        Course = real with
        {
            Sessions = [.. real.Sessions.Select((s, i) => s with { Id = $"{s.Id}-{suffix}", Capacity = i == 0 ? capacity : s.Capacity })],
        };
        Catalogue = new CourseCatalogue([Course], SiteSettings.LoadEmbedded().EnrolmentDeadline());
    }

    public Course Course { get; }
    public CourseCatalogue Catalogue { get; }
    public string Slug => Course.Slug;

    /// <summary>The first session (Lyon, 16–17 March 2027), with the requested capacity.</summary>
    public string SessionId => Course.Sessions[0].Id;

    /// <summary>The person <see cref="EnrolmentBody.SelfFunded"/> sends: Anne Martin, volunteer, and her address.</summary>
    public static readonly Monalisa.Domain.SelfFunded.ContractTrainee SelfFundedTrainee =
        new("Anne", "Martin", new Monalisa.Domain.Enrolment.PostalAddress(EnrolmentBody.SelfFundedStreet, EnrolmentBody.SelfFundedPostalCode, EnrolmentBody.SelfFundedCity),
            TraineeCategory.Volunteer);

    /// <summary>
    /// The SHA-256 of <see cref="SelfFundedTrainee"/>'s contract for the first session, signed on the test API's first
    /// day (<see cref="TestApi.DefaultNow"/>), as the form's preview shows it.
    /// </summary>
    public string ContractSha256 => ContractSha256On(DateOnly.FromDateTime(TestApi.DefaultNow.Date));

    /// <summary>The same contract signed on another day (its instalment dates, so its hash, follow the signing day).</summary>
    public string ContractSha256On(DateOnly signedOn) =>
        Monalisa.Content.TrainingContractWriter.For(Course, Course.Sessions[0], SiteSettings.LoadEmbedded().ContractParties(),
            SelfFundedTrainee, signedOn).Sha256;

    public Quote Price(int professionals, int volunteers) =>
        ((QuoteOutcome.Priced)TariffEngine.Price(Course, QuoteRequest.Inter(professionals, volunteers))).Quote;
}
