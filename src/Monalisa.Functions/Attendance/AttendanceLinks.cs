using Monalisa.Content;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Attendance;

/// <summary>The purpose of a trainee's attendance link (Enrolment/TraineeLinks), sent with the convocation.</summary>
internal static class AttendanceLinks
{
    public const string Purpose = "emargement";

    /// <summary>The trainee's personal signing link, absolute (it goes in the convocation email).</summary>
    public static string Url(TraineeLinks links, EnrolmentOptions site, string sessionId, string traineeKey) =>
        site.SitePage(AttendancePaths.Trainee(sessionId, traineeKey).TrimStart('/'), SitePages.TokenOnly(links.Token(Purpose, sessionId, traineeKey)));
}
