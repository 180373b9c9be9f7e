namespace Monalisa.Functions.Attendance;

/// <summary>The purpose of a trainee's attendance link (Enrolment/TraineeLinks), sent with the convocation.</summary>
internal static class AttendanceLinks
{
    public const string Purpose = "emargement";
}
