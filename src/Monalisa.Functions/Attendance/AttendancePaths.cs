namespace Monalisa.Functions.Attendance;

/// <summary>The attendance routes, written once: the console's pages, the trainee's personal link, the sheet's PDF.</summary>
internal static class AttendancePaths
{
    /// <summary>The console's home and a session's console page (written here, so Attendance does not depend on Staff).</summary>
    public const string ConsoleHome = Identity.StaffAccess.ConsoleHome;
    public static string ConsoleSession(string sessionId) => $"{ConsoleHome}/sessions/{Uri.EscapeDataString(sessionId)}";

    public static string Session(string sessionId) => $"{ConsoleSession(sessionId)}/emargement";
    public static string HalfDay(string sessionId, string halfDayId) => $"{Session(sessionId)}/{Uri.EscapeDataString(halfDayId)}";
    public static string Code(string sessionId, string halfDayId) => $"{HalfDay(sessionId, halfDayId)}/code";
    public static string Scans(string sessionId, string halfDayId) => $"{HalfDay(sessionId, halfDayId)}/scans";
    public static string Scan(string sessionId, string halfDayId, string rowKey) => $"{Scans(sessionId, halfDayId)}/{Uri.EscapeDataString(rowKey.Split('|')[^1])}";
    public static string Pdf(string sessionId) => $"{Session(sessionId)}/pdf";
    public static string Trainee(string sessionId, string traineeKey) => $"/api/emargement/{Uri.EscapeDataString(sessionId)}/{Uri.EscapeDataString(traineeKey)}";

    public static string PdfFileName(string sessionId) => $"emargement-{sessionId}.pdf";
}
