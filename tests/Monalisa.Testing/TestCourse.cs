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

    /// <summary>The SHA-256 of the self-funded contract for the first session, as the site shows it.</summary>
    public string ContractSha256 =>
        Monalisa.Content.TrainingContractWriter.For(Course, Course.Sessions[0], SiteSettings.LoadEmbedded().ContractParties()).Sha256;

    public Quote Price(int professionals, int volunteers) =>
        ((QuoteOutcome.Priced)TariffEngine.Price(Course, QuoteRequest.Inter(professionals, volunteers))).Quote;
}
