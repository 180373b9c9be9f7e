using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddAttendance(this IServiceCollection services)
    {
        // The published summary of a session's attendance, read by Certificates and the BPF.
        services.AddSingleton<Attendance.AttendanceSummaries>();
        // The session's partition: half-day sheets, logged corrections, paper scans (one transaction with the summary).
        services.AddSingleton<Attendance.AttendanceStore>();
        // Reads, asks the domain, writes under If-Match, and tells Certificates when a session closes.
        services.AddSingleton<Attendance.AttendanceDesk>();
        return services;
    }
}
